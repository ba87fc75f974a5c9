package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.client.SyncClient;
import io.offlinesync.client.SyncClientConfig;
import io.offlinesync.client.auth.TokenSource;
import io.offlinesync.client.SyncReport;
import io.offlinesync.client.http.PushOutcome;
import io.offlinesync.client.http.SyncHttp;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.VClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in measurement, off by default: {@code ./verify.sh -pl e2e-tests -am -Dit.test=InitialSyncMeasurementIT
 * -Dsdk.bigList=100000}. Loads a list of that many events through the gateway, then times one new profile's
 * initial sync (the state snapshot with registers plus the log's tail into its SQLite store) and a reopen
 * of that profile (restoring the snapshot and folding the stored tail).
 */
@EnabledIfSystemProperty(named = "sdk.bigList", matches = "\\d+")
@PlatformTest
class InitialSyncMeasurementIT {

    private static Platform platform;

    @TempDir
    Path dir;

    @Test
    void initialSyncOfABigList() throws Exception {
        int events = Integer.parseInt(System.getProperty("sdk.bigList"));
        String listId = "big-" + System.nanoTime();
        URI gateway = URI.create(platform.gatewayUrl());
        URI query = URI.create(platform.queryUrl());
        long loadStart = System.nanoTime();
        try (SyncHttp http = new SyncHttp(gateway, query, TokenSource.fixed(platform.token()))) {
            List<ClientEvent> batch = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (int seq = 1; seq <= events; seq++) {
                EventBody body = seq == 1 ? new EventBody.ListCreated("Big", Policy.LWW)
                        : new EventBody.ItemAdded("i" + seq, "item " + seq, 1, new VClock(Map.of("loader", (long) seq)));
                batch.add(new ClientEvent(UUID.randomUUID().toString(), seq, new Hlc(now, seq), body));
                if (batch.size() == 500 || seq == events) {
                    PushOutcome outcome = http.push(listId, "loader", batch);
                    assertThat(outcome).isInstanceOf(PushOutcome.Accepted.class);
                    batch.clear();
                }
            }
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> http.pull(listId, events - 1, 1, 0).map(p -> p.head() >= events).orElse(false));
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        Path store = dir.resolve("carol.db");
        SyncClientConfig config = SyncClientConfig.of(store, "carol", gateway, query)
                .withTokens(TokenSource.fixed(platform.token()));
        long syncStart = System.nanoTime();
        SyncReport joined;
        try (SyncClient carol = SyncClient.open(config)) {
            carol.follow(listId);
            joined = carol.sync();
            assertThat(carol.view(listId).items()).hasSize(events - 1);
        }
        double syncSeconds = (System.nanoTime() - syncStart) / 1e9;
        long reopenStart = System.nanoTime();
        try (SyncClient carol = SyncClient.open(config)) {
            assertThat(carol.view(listId).syncedVersion()).isEqualTo(events);
        }
        double reopenSeconds = (System.nanoTime() - reopenStart) / 1e9;
        System.out.printf("MEASUREMENT %d events: load through gateway+sequencer %.1f s, initial sync %.1f s"
                + " (joined from the snapshot at v%d, pulled %d log entries), reopen and fold %.1f s, store %d MiB%n",
                events, loadSeconds, syncSeconds, joined.joinedAt(), joined.pulled(), reopenSeconds,
                java.nio.file.Files.size(store) / (1024 * 1024));
    }
}
