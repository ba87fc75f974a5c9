package io.offlinesync.streams;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Broker reachability for the readiness probe, checked on a schedule (one cheap describe-cluster call
 * with a deadline every {@code interval}) so that a probe never waits on Kafka and many probes do not
 * become many admin calls. UP while the last check found a broker and is recent; DOWN before the first
 * check, after a failed one, and when checks stop coming back (a hung call turns stale).
 */
public final class BrokerProbe implements HealthIndicator, AutoCloseable {

    /** How many brokers answered; throws when none did within the deadline. */
    @FunctionalInterface
    public interface ClusterCheck {
        int brokers(Duration deadline) throws Exception;
    }

    private record Outcome(int brokers, String error, long atNanos) {}

    private final ClusterCheck check;
    private final Duration interval;
    private final Duration deadline;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService scheduler;
    private volatile Outcome last;

    BrokerProbe(ClusterCheck check, Duration interval, Duration deadline, LongSupplier nanoTime) {
        this.check = check;
        this.interval = interval;
        this.deadline = deadline;
        this.nanoTime = nanoTime;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("broker-probe").factory());
    }

    /** Checks {@code admin}'s cluster every {@code interval}, each call bounded by {@code deadline}. */
    public static BrokerProbe of(Admin admin, Duration interval, Duration deadline) {
        return new BrokerProbe(within -> admin.describeCluster(new DescribeClusterOptions()
                        .timeoutMs((int) within.toMillis())).nodes().get(within.toMillis() + 500, TimeUnit.MILLISECONDS)
                .size(), interval, deadline, System::nanoTime);
    }

    public BrokerProbe start() {
        scheduler.scheduleWithFixedDelay(this::checkNow, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One check; runs on the probe's thread (and in tests directly). */
    void checkNow() {
        try {
            last = new Outcome(check.brokers(deadline), null, nanoTime.getAsLong());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause() : e;
            last = new Outcome(0, cause.getClass().getSimpleName() + ": " + cause.getMessage(), nanoTime.getAsLong());
        }
    }

    /** True when the last check found a broker and is not older than three intervals plus the deadline. */
    public boolean reachable() {
        Outcome outcome = last;
        return outcome != null && outcome.error() == null && outcome.brokers() > 0 && !stale(outcome);
    }

    private boolean stale(Outcome outcome) {
        long maxAge = interval.multipliedBy(3).plus(deadline).toNanos();
        return nanoTime.getAsLong() - outcome.atNanos() > maxAge;
    }

    @Override
    public Health health() {
        Outcome outcome = last;
        if (outcome == null) {
            return Health.down().withDetail("broker", "not checked yet").build();
        }
        long ageMs = TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - outcome.atNanos());
        Health.Builder builder = reachable() ? Health.up() : Health.down();
        builder.withDetail("brokers", outcome.brokers()).withDetail("checkedMsAgo", ageMs);
        if (outcome.error() != null) {
            builder.withDetail("error", outcome.error());
        } else if (stale(outcome)) {
            builder.withDetail("error", "no check completed for " + ageMs + " ms");
        }
        return builder.build();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
