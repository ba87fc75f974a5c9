package io.offlinesync.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Broker reachability: cached, bounded in time, and stale results do not count. */
class BrokerProbeTest {

    private final AtomicLong now = new AtomicLong();

    private BrokerProbe probe(BrokerProbe.ClusterCheck check) {
        return new BrokerProbe(check, Duration.ofSeconds(5), Duration.ofSeconds(2), now::get);
    }

    @Test
    void downBeforeTheFirstCheckUpAfterOneThatFoundABrokerDownAfterOneThatFailed() {
        boolean[] fail = {false};
        BrokerProbe probe = probe(deadline -> {
            if (fail[0]) {
                throw new java.util.concurrent.TimeoutException("no broker within " + deadline);
            }
            return 3;
        });
        assertThat(probe.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(probe.health().getDetails()).containsEntry("broker", "not checked yet");

        probe.checkNow();
        Health up = probe.health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("brokers", 3);

        fail[0] = true;
        probe.checkNow();
        Health down = probe.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(String.valueOf(down.getDetails().get("error"))).contains("TimeoutException").contains("PT2S");
    }

    @Test
    void aResultOlderThanThreeIntervalsPlusTheDeadlineIsDown() {
        BrokerProbe probe = probe(deadline -> 1);
        probe.checkNow();
        now.addAndGet(Duration.ofSeconds(17).toNanos());
        assertThat(probe.health().getStatus()).isEqualTo(Status.UP);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(probe.health().getStatus()).as("a check that hangs turns the probe stale").isEqualTo(Status.DOWN);
        assertThat(String.valueOf(probe.health().getDetails().get("error"))).contains("no check completed");
    }

    @Test
    void healthNeverWaitsForAHangingCheck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BrokerProbe probe = new BrokerProbe(deadline -> {
            release.await();
            return 1;
        }, Duration.ofMillis(100), Duration.ofMillis(100), System::nanoTime).start();
        try {
            long start = System.nanoTime();
            assertThat(probe.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        } finally {
            release.countDown();
            probe.close();
        }
    }

    @Test
    void anUnreachableClusterIsDownWithinTheDeadline() {
        try (MonitoringAdmin admin = new MonitoringAdmin(KafkaClients.of("127.0.0.1:1"), "probe-test");
             BrokerProbe probe = BrokerProbe.of(admin.admin(), Duration.ofSeconds(30), Duration.ofMillis(800))) {
            long start = System.nanoTime();
            probe.checkNow();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(probe.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(probe.health().getDetails()).containsKey("error");
        }
    }
}
