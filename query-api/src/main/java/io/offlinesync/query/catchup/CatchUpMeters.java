package io.offlinesync.query.catchup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Catch-up meters on {@code /actuator/prometheus}: pages served ({@code sync.catchup.requests}, tagged
 * {@code waited=true} when the request asked to long-poll with {@code waitMs > 0}), events per page
 * ({@code sync.catchup.page.events}), and long-polls in progress ({@code sync.catchup.longpolls.open}).
 */
public final class CatchUpMeters {

    private final Counter immediate;
    private final Counter waited;
    private final DistributionSummary pageEvents;
    private final AtomicInteger openLongPolls = new AtomicInteger();

    public CatchUpMeters(MeterRegistry registry) {
        immediate = requests(registry, false);
        waited = requests(registry, true);
        pageEvents = DistributionSummary.builder("sync.catchup.page.events")
                .description("Log entries per catch-up page served").baseUnit("events")
                .serviceLevelObjectives(1, 10, 100, 500, 1000) // buckets: a page has 0 to limit (at most 1000)
                .register(registry);
        Gauge.builder("sync.catchup.longpolls.open", openLongPolls, AtomicInteger::get)
                .description("Catch-up requests with waitMs > 0 in progress").register(registry);
    }

    private static Counter requests(MeterRegistry registry, boolean waited) {
        return Counter.builder("sync.catchup.requests")
                .description("Catch-up pages served; waited=true: the request asked to long-poll (waitMs > 0)")
                .tag("waited", Boolean.toString(waited)).register(registry);
    }

    /** A long-poll begins; pair with {@link #longPollEnded()} in a finally block. */
    public void longPollStarted() {
        openLongPolls.incrementAndGet();
    }

    public void longPollEnded() {
        openLongPolls.decrementAndGet();
    }

    /** A page of {@code events} entries was served. */
    public void served(boolean longPoll, int events) {
        (longPoll ? waited : immediate).increment();
        pageEvents.record(events);
    }
}
