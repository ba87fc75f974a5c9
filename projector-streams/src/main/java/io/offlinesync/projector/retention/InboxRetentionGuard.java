package io.offlinesync.projector.retention;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.StreamsHealthIndicator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Alarms long before todo.inbox's retention could delete batches the sequencer has not consumed: on a
 * schedule it compares the age of the oldest unconsumed batch (the record at group {@code todo-sequencer}'s
 * committed offset, per partition) with the topic's {@code retention.ms}, publishes the worst ratio as
 * {@code sync.sequencer.inbox.retention.used.ratio}, and past {@code warnAt} logs a WARN and answers
 * DEGRADED as health contributor {@code inboxRetention} (not part of readiness: the service still serves).
 */
public final class InboxRetentionGuard implements HealthIndicator, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InboxRetentionGuard.class);

    private final InboxBacklog backlog;
    private final InboxRetentionProperties settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile double ratio = Double.NaN;
    private volatile Map<String, Object> details = Map.of("state", "not sampled yet");
    private volatile boolean alarming;

    InboxRetentionGuard(InboxBacklog backlog, InboxRetentionProperties settings, MeterRegistry meters, Clock clock) {
        this.backlog = backlog;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("inbox-retention-guard").factory());
        Gauge.builder("sync.sequencer.inbox.retention.used.ratio", this, guard -> guard.ratio)
                .description("Age of the oldest todo.inbox batch the sequencer has not consumed, over the topic's "
                        + "retention.ms (worst partition); NaN while it cannot be read")
                .register(meters);
    }

    public static InboxRetentionGuard of(org.apache.kafka.clients.admin.Admin admin, KafkaClients kafka, String topic,
                                         String group, InboxRetentionProperties settings, MeterRegistry meters) {
        return new InboxRetentionGuard(new InboxBacklog(admin, kafka, topic, group),
                settings, meters, Clock.systemUTC());
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::check, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look; on the scheduler's thread (the backlog reader is not thread-safe). */
    void check() {
        try {
            InboxBacklog.Sample sample = backlog.sample();
            double used = InboxRetentionRule.usedRatio(sample.retentionMs(), clock.millis(), sample.partitions());
            Map<String, Object> now = new LinkedHashMap<>();
            now.put("usedRatio", Math.round(used * 1000) / 1000.0);
            now.put("warnAt", settings.warnAt());
            now.put("retentionMs", sample.retentionMs());
            boolean alarm = InboxRetentionRule.alarming(used, settings.warnAt());
            if (alarm) {
                log.warn("todo.inbox: the oldest batch the sequencer has not consumed has used {}% of the topic's "
                        + "retention ({} ms); at 100% the broker deletes batches already answered 202 - scale or fix "
                        + "the sequencer, or raise retention.ms", Math.round(used * 100), sample.retentionMs());
            }
            ratio = used;
            details = now;
            alarming = alarm;
        } catch (Exception e) {
            ratio = Double.NaN;
            details = Map.of("state", "cannot read the backlog: " + e.getMessage());
            log.debug("inbox retention guard: sample failed", e);
        }
    }

    public double usedRatio() {
        return ratio;
    }

    @Override
    public Health health() {
        Health.Builder builder = alarming ? Health.status(StreamsHealthIndicator.DEGRADED)
                : Double.isNaN(ratio) ? Health.unknown() : Health.up();
        return builder.withDetails(details).build();
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.submit(backlog::close);
        scheduler.shutdown();
        if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
            scheduler.shutdownNow();
        }
    }
}
