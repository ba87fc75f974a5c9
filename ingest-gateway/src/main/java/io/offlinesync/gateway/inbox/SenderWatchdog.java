package io.offlinesync.gateway.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;

/**
 * Keeps the inbox sender from hanging forever: the Apicurio registry client has no HTTP timeout, so a
 * registry that accepts a connection and never answers would hold the one sender thread, and every push
 * would time out with 503 until a restart. Every {@code period} this interrupts a send stuck beyond the
 * appender's stall limit (the registry client's blocking wait gives way to an interrupt, and the batch
 * fails like any refused send), counts it in {@code sync.ingest.sender.stalls}, and tells the probes:
 * readiness is DOWN while a send is stuck, liveness only when it stays stuck through three limits
 * (interrupts did not free it: only a restart will).
 */
public final class SenderWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SenderWatchdog.class);

    /** Null when the inbox is not the Kafka appender (tests' stand-ins): nothing to watch, always UP. */
    private final KafkaInboxAppender appender;
    private final Counter stalls;
    private final ScheduledExecutorService scheduler;
    private final Duration period;

    public SenderWatchdog(InboxAppender inbox, MeterRegistry registry, Duration period) {
        this.appender = inbox instanceof KafkaInboxAppender kafka ? kafka : null;
        this.period = period;
        this.stalls = Counter.builder("sync.ingest.sender.stalls")
                .description("Sends of the inbox sender thread interrupted because they were stuck beyond "
                        + "the stall limit (ack timeout + 1 s), e.g. on a registry that does not answer")
                .register(registry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("inbox-sender-watchdog").factory());
    }

    public SenderWatchdog start() {
        scheduler.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    void check() {
        if (appender == null) {
            return;
        }
        Duration busy = appender.senderBusyFor();
        if (appender.interruptStuckSender()) {
            stalls.increment();
            log.warn("Inbox sender stuck in one send for {} ms (limit {} ms): interrupted it", busy.toMillis(),
                    appender.senderStallLimit().toMillis());
        }
    }

    /** Readiness: DOWN while a send is stuck beyond the stall limit. */
    public Health readiness() {
        if (appender == null) {
            return Health.up().build();
        }
        Duration busy = appender.senderBusyFor();
        return (busy.compareTo(appender.senderStallLimit()) > 0 ? Health.down() : Health.up())
                .withDetail("busyMs", busy.toMillis())
                .withDetail("stallLimitMs", appender.senderStallLimit().toMillis()).build();
    }

    /** Liveness: DOWN when a send stays stuck for three stall limits, interrupts notwithstanding. */
    public Health liveness() {
        if (appender == null) {
            return Health.up().build();
        }
        Duration busy = appender.senderBusyFor();
        Duration wedged = appender.senderStallLimit().multipliedBy(3);
        return (busy.compareTo(wedged) > 0 ? Health.down() : Health.up())
                .withDetail("busyMs", busy.toMillis()).withDetail("wedgedAfterMs", wedged.toMillis()).build();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
