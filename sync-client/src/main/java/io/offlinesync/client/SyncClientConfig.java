package io.offlinesync.client;

import io.offlinesync.client.auth.TokenSource;
import io.offlinesync.domain.projection.Projection;
import io.offlinesync.domain.projection.TodoListProjection;
import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Where a profile's store lives and which servers it syncs with. {@code clientIdPrefix} starts the clientId
 * a new profile gets (a random suffix follows); {@code wallClock} is the device's clock in epoch ms. {@code tokens}
 * is where the access tokens come from when the app gets them its own way ({@link TokenSource#fixed}, or its own
 * implementation); null (the usual): the profile's own session, see {@link SyncClient#signIn}, and no token while
 * it has none. {@code fenceWait} bounds how long the download after a push waits for the push's read-your-writes fence
 * (protocol v1.1; zero: no fence asked for); {@code watch} says how {@link SyncClient#watch} watches.
 * {@code projection} is the app's derivation ({@link SyncClient#derive}, {@link SyncClient#serverState}), by default
 * {@link #DEFAULT_PROJECTION}; an app that ships another one has its lists re-derived from the local log on open
 * ({@link SyncClient#derivation()}).
 */
public record SyncClientConfig(Path storeFile, String clientIdPrefix, URI gateway, URI query, RetryPolicy retry,
                               LongSupplier wallClock, TokenSource tokens, Duration fenceWait, WatchSettings watch,
                               Projection<?> projection) {

    /**
     * The platform's todo-list fold with v2's view: the same fold as v1 (and as {@link SyncClient#view}), whose view
     * adds counts, server times and the {@code stateHash} a device compares with the server's ({@code serverState}).
     */
    public static final Projection<?> DEFAULT_PROJECTION = TodoListProjection.V2;

    /** How long a sync's download waits by default for the events it pushed to show in the query-api. */
    public static final Duration DEFAULT_FENCE_WAIT = Duration.ofSeconds(5);
    /** The query-api's bound on {@code waitMs}. */
    static final Duration MAX_FENCE_WAIT = Duration.ofSeconds(30);

    public SyncClientConfig {
        Objects.requireNonNull(fenceWait, "fenceWait");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(projection, "projection");
        if (fenceWait.isNegative() || fenceWait.compareTo(MAX_FENCE_WAIT) > 0) {
            throw new IllegalArgumentException("fenceWait must be 0 to 30 s (the query-api's waitMs bound): " + fenceWait);
        }
    }

    /** No tokens of the app's own, the default fence wait, watch settings and projection: see the with-ers. */
    public SyncClientConfig(Path storeFile, String clientIdPrefix, URI gateway, URI query, RetryPolicy retry,
                            LongSupplier wallClock) {
        this(storeFile, clientIdPrefix, gateway, query, retry, wallClock, null, DEFAULT_FENCE_WAIT, WatchSettings.DEFAULT,
                DEFAULT_PROJECTION);
    }

    /** The usual configuration: system clock, {@link RetryPolicy#DEFAULT}, the profile's own session. */
    public static SyncClientConfig of(Path storeFile, String clientIdPrefix, URI gateway, URI query) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, RetryPolicy.DEFAULT,
                System::currentTimeMillis);
    }

    public SyncClientConfig withRetry(RetryPolicy policy) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, policy, wallClock, tokens, fenceWait, watch,
                projection);
    }

    /** Tokens the app provides instead of the profile's own session. */
    public SyncClientConfig withTokens(TokenSource source) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, retry, wallClock, source, fenceWait, watch,
                projection);
    }

    public SyncClientConfig withWallClock(LongSupplier clock) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, retry, clock, tokens, fenceWait, watch,
                projection);
    }

    /** How long a sync's download after its push waits for the push's fence (0 to 30 s; zero: no fence asked for). */
    public SyncClientConfig withFenceWait(Duration wait) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, retry, wallClock, tokens, wait, watch,
                projection);
    }

    public SyncClientConfig withWatch(WatchSettings settings) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, retry, wallClock, tokens, fenceWait, settings,
                projection);
    }

    /** The app's derivation (say its v3); opening a profile that last ran another re-derives its lists locally. */
    public SyncClientConfig withProjection(Projection<?> app) {
        return new SyncClientConfig(storeFile, clientIdPrefix, gateway, query, retry, wallClock, tokens, fenceWait, watch,
                app);
    }
}
