package io.offlinesync.projector.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.TaskId;

/**
 * A projection's fold meters, tagged {@code projection} (v1, v2, v1-check): {@code sync.projection.fold}
 * times the domain fold of one event, {@code sync.projection.flush} one flush (encode, store and emit the
 * dirty lists), {@code sync.projection.flush.lists} counts the lists each flush wrote,
 * {@code sync.projection.state.loads} the states decoded from the store because they were not held decoded, and
 * {@code sync.projection.unstored.tasks} the tasks holding folded entries their next flush has to store.
 */
public final class ProjectionMeters {

    private final Timer fold;
    private final Timer flush;
    private final DistributionSummary flushedLists;
    private final Counter loads;
    private final Set<TaskId> unstored = ConcurrentHashMap.newKeySet();

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
        Gauge.builder("sync.projection.unstored.tasks", unstored, Set::size)
                .description("Tasks holding folded entries whose lists their next flush stores")
                .tag("projection", projection).register(registry);
    }

    /** Meters nobody scrapes (CLI replays, benchmarks, tests). */
    public static ProjectionMeters unregistered(String projection) {
        return new ProjectionMeters(new SimpleMeterRegistry(), projection);
    }

    void folded(long nanos) {
        fold.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Entries folded into their lists so far (an entry a list already held is not folded again). */
    public long entriesFolded() {
        return fold.count();
    }

    void loaded() {
        loads.increment();
    }

    /** Whether {@code task} holds folded entries its next flush stores; a closed task holds none here. */
    void unstored(TaskId task, boolean holds) {
        if (holds) {
            unstored.add(task);
        } else {
            unstored.remove(task);
        }
    }

    /**
     * Tasks holding folded entries whose lists are not stored yet. Committed offsets run ahead of the stored states
     * by up to a flush ({@link ListFoldProcessor}): a replay is caught up only when its offsets are and this is 0.
     */
    public int tasksWithUnstoredEntries() {
        return unstored.size();
    }

    void flushed(int lists, long nanos) {
        flush.record(nanos, TimeUnit.NANOSECONDS);
        flushedLists.record(lists);
    }
}
