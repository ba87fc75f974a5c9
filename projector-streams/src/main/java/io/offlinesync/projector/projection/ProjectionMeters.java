package io.offlinesync.projector.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * A projection's fold meters, tagged {@code projection} (v1, v2, v1-check): {@code sync.projection.fold}
 * times the domain fold of one event, {@code sync.projection.flush} one flush (encode, store and emit the
 * dirty lists), {@code sync.projection.flush.lists} counts the lists each flush wrote, and
 * {@code sync.projection.state.loads} the states decoded from the store because they were not held decoded.
 */
public final class ProjectionMeters {

    private final Timer fold;
    private final Timer flush;
    private final DistributionSummary flushedLists;
    private final Counter loads;

    public ProjectionMeters(MeterRegistry registry, String projection) {
        fold = Timer.builder("sync.projection.fold").description("The domain fold of one log entry")
                .tag("projection", projection).register(registry);
        flush = Timer.builder("sync.projection.flush")
                .description("One flush: encode, store and emit every list changed since the last one")
                .tag("projection", projection).register(registry);
        flushedLists = DistributionSummary.builder("sync.projection.flush.lists")
                .description("Lists written by one flush").tag("projection", projection).register(registry);
        loads = Counter.builder("sync.projection.state.loads")
                .description("List states decoded from the store (not held decoded)")
                .tag("projection", projection).register(registry);
    }

    /** Meters nobody scrapes (CLI replays, benchmarks, tests). */
    public static ProjectionMeters unregistered(String projection) {
        return new ProjectionMeters(new SimpleMeterRegistry(), projection);
    }

    void folded(long nanos) {
        fold.record(nanos, TimeUnit.NANOSECONDS);
    }

    void loaded() {
        loads.increment();
    }

    void flushed(int lists, long nanos) {
        flush.record(nanos, TimeUnit.NANOSECONDS);
        flushedLists.record(lists);
    }
}
