package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Crashes, not shutdowns: the gateway and the broker are each killed with SIGKILL (no shutdown hook, no
 * flush, no request finished) while eight devices keep pushing and retrying, then started again on the same
 * port (and, for the broker, the same data directory). Afterwards every event answered 202 is in the log
 * exactly once, listVersion is dense per list, and every running projection version folded each entry once.
 * A process crash, not a power loss: what the broker acknowledged is in the OS's page cache, which survives
 * the process (a lost host is what replication factor 3 is for).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@PlatformTest(childProcesses = true, args = {
                "--sync.ack-timeout=3s",
                "--sync.retry-after=1s",
                "--spring.kafka.streams.properties[session.timeout.ms]=6000",
                "--spring.kafka.streams.properties[heartbeat.interval.ms]=1000"})
class CrashIT {

    private static final int LISTS = 4;
    private static final int DEVICES_PER_LIST = 2;
    private static final int EVENTS_PER_BATCH = 4;
    /** Acknowledged events before a crash, and again after the restart: the crash falls among pushes. */
    private static final int EVENTS_AROUND_A_CRASH = 400;
    private static Platform platform;

    private static List<String> lists(String run) {
        List<String> listIds = new ArrayList<>();
        for (int l = 0; l < LISTS; l++) {
            listIds.add(run + "-" + System.nanoTime() + "-" + l);
        }
        return listIds;
    }

    @Test
    @Order(1)
    void aGatewayKilledDuringPushesLosesAndDoublesNothing() throws Exception {
        List<String> listIds = lists("gateway-kill");
        long ackedAtKill;
        long ackedAtRestart;
        long failuresBefore;
        long downMs;
        PushingDevices devices = PushingDevices.start(platform, listIds, DEVICES_PER_LIST, EVENTS_PER_BATCH);
        try (devices) {
            await("pushes under way").atMost(Duration.ofSeconds(60))
                    .until(() -> devices.acknowledged.size() >= EVENTS_AROUND_A_CRASH);
            failuresBefore = devices.connectionFailures();
            platform.killGateway();
            long killed = System.nanoTime();
            ackedAtKill = devices.acknowledged.size();
            // every device finds the gateway gone before it comes back
            await("every device cut off").atMost(Duration.ofSeconds(30))
                    .until(() -> devices.pushers.stream().allMatch(p -> p.connectionFailures.get() > 0));
            platform.startGateway();
            downMs = Duration.ofNanos(System.nanoTime() - killed).toMillis();
            ackedAtRestart = devices.acknowledged.size();
            await("pushes accepted again").atMost(Duration.ofSeconds(120))
                    .until(() -> devices.acknowledged.size() >= ackedAtRestart + EVENTS_AROUND_A_CRASH);
            devices.stopAndJoin();
        }
        assertThat(ackedAtRestart).as("nothing acknowledged while the gateway was dead")
                .isLessThanOrEqualTo(ackedAtKill + (long) devices.devices() * EVENTS_PER_BATCH);

        LogAudit audit = LogAudit.afterFolding(platform, listIds, devices.acknowledged);
        assertThat(audit.assertExactlyOnce(devices.acknowledged)).isEqualTo(devices.acknowledged.size());
        assertThat(audit.rejected()).as("every resend was a duplicate, dropped").isZero();
        System.out.printf("gateway SIGKILL: %d devices on %d lists; killed after %d acknowledged events, down %d ms"
                        + " (%d failed connections); %d events acknowledged (%d batches resent once more), each"
                        + " in the log once, dense, folded once by %s%n", devices.devices(), LISTS, ackedAtKill,
                downMs, devices.connectionFailures() - failuresBefore, devices.acknowledged.size(),
                devices.resent.get(), platform.projections());
    }

    @Test
    @Order(2)
    void aBrokerKilledAndRestartedLosesAndDoublesNothing() throws Exception {
        List<String> listIds = lists("broker-kill");
        long ackedAtKill;
        long killed;
        long restarting;
        PushingDevices devices = PushingDevices.start(platform, listIds, DEVICES_PER_LIST, EVENTS_PER_BATCH);
        try (devices) {
            await("pushes under way").atMost(Duration.ofSeconds(60))
                    .until(() -> devices.acknowledged.size() >= EVENTS_AROUND_A_CRASH);
            platform.brokerProcess.kill();
            killed = System.nanoTime();
            ackedAtKill = devices.acknowledged.size();
            // the outage lasts until every device has been answered 503 twice (the broker did not acknowledge)
            await("every device refused").atMost(Duration.ofSeconds(60))
                    .until(() -> devices.pushers.stream().allMatch(p -> p.count(503) > 1));
            restarting = System.nanoTime();
            platform.brokerProcess.start();
            long ackedAtRestart = devices.acknowledged.size();
            await("pushes accepted again").atMost(Duration.ofSeconds(180))
                    .until(() -> devices.acknowledged.size() >= ackedAtRestart + EVENTS_AROUND_A_CRASH);
            devices.stopAndJoin();
        }
        // a 202 sent just before the kill may reach the device a moment later: 200 ms of grace
        long graceNanos = Duration.ofMillis(200).toNanos();
        assertThat(devices.acceptedAt).as("no 202 while the broker was dead")
                .noneMatch(t -> t > killed + graceNanos && t < restarting);
        assertThat(devices.pushers.stream().mapToLong(p -> p.unavailableWithoutRetryAfter.get()).sum())
                .as("every 503 carries Retry-After").isZero();

        LogAudit audit = LogAudit.afterFolding(platform, listIds, devices.acknowledged);
        assertThat(audit.assertExactlyOnce(devices.acknowledged)).isEqualTo(devices.acknowledged.size());
        assertThat(audit.rejected()).as("every resend was a duplicate, dropped").isZero();
        System.out.printf("broker SIGKILL: %d devices on %d lists; killed after %d acknowledged events, dead %d ms"
                        + " (%d answers 503, all with Retry-After); %d events acknowledged (%d batches resent once"
                        + " more), each in the log once, dense, folded once by %s%n", devices.devices(), LISTS,
                ackedAtKill, Duration.ofNanos(restarting - killed).toMillis(), devices.answered(503),
                devices.acknowledged.size(), devices.resent.get(), platform.projections());
    }
}
