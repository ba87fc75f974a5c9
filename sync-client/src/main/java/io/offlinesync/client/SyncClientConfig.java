package io.offlinesync.client;

import io.offlinesync.client.auth.TokenSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Where a profile's store lives and which servers it syncs with. {@code clientIdPrefix} starts the clientId
 * a new profile gets (a random suffix follows); {@code wallClock} is the device's clock in epoch ms. {@code tokens}
 * is where the access tokens come from when the app gets them its own way ({@link TokenSource#fixed}, or its own
 * implementation); null (the usual): the profile's own session, see {@link SyncClient#signIn}, and no token while
 * it has none.
 */
public record SyncClientConfig(Path storeFile, String clientIdPrefix, URI gateway, URI query, RetryPolicy retry,
                               LongSupplier wallClock, TokenSource tokens) {

    public SyncClientConfig(Path storeFile, String clientIdPrefix, URI gateway, URI query, RetryPolicy retry,
                            LongSupplier wallClock) {
        this(storeFile, clientIdPrefix, gateway, query, retry, wallClock, null);
    }

    /** The usual configuration: system clock, {@link RetryPolicy#DEFAULT}, the profile's own session. */
    public static SyncClientConfig of(Path storeFile, String clientIdPrefix, URI gateway, URI query) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, RetryPolicy.DEFAULT,
                System::currentTimeMillis);
    }

    public SyncClientConfig withRetry(RetryPolicy policy) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, policy, wallClock, tokens);
    }

    /** Tokens the app provides instead of the profile's own session. */
    public SyncClientConfig withTokens(TokenSource source) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, retry, wallClock, source);
    }

    public SyncClientConfig withWallClock(LongSupplier clock) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, retry, clock, tokens);
    }
}
