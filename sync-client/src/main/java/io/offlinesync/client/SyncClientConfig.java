package io.offlinesync.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Where a profile's store lives and which servers it syncs with. {@code clientIdPrefix} starts the clientId
 * a new profile gets (a random suffix follows); {@code wallClock} is the device's clock in epoch ms.
 */
public record SyncClientConfig(Path storeFile, String clientIdPrefix, URI gateway, URI query, RetryPolicy retry,
                               LongSupplier wallClock) {

    /** The usual configuration: system clock, {@link RetryPolicy#DEFAULT}. */
    public static SyncClientConfig of(Path storeFile, String clientIdPrefix, URI gateway, URI query) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, RetryPolicy.DEFAULT,
                System::currentTimeMillis);
    }

    public SyncClientConfig withRetry(RetryPolicy policy) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, policy, wallClock);
    }
}
