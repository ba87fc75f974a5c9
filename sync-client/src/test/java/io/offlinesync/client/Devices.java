package io.offlinesync.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Opens SDK profiles for tests: in a temp dir, quick retries, against a given server (or a dead port). */
final class Devices {

    /** A port nothing listens on (the discard port is not served on test machines). */
    static final URI DOWN = URI.create("http://127.0.0.1:9");

    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200));

    /** Watches that reconnect quickly (the first bytes and silence bounds as in production). */
    static final WatchSettings WATCH = WatchSettings.DEFAULT.withReconnect(FAST);

    private Devices() {
    }

    static SyncClientConfig config(Path dir, String name, URI server) {
        return SyncClientConfig.of(dir.resolve(name + ".db"), name, server, server).withRetry(FAST).withWatch(WATCH);
    }

    static SyncClient open(Path dir, String name, URI server) {
        return SyncClient.open(config(dir, name, server));
    }
}
