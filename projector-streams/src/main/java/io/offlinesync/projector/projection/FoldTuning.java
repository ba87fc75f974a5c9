package io.offlinesync.projector.projection;

import java.time.Duration;

/**
 * How a projection batches its writes. Events are folded into decoded lists held in memory; a list's
 * state is encoded, stored and emitted once per flush instead of once per event, which is what made the
 * fold's cost grow with the list's size. Until the flush, a marker per task says where in todo.events the
 * unstored entries begin, so a commit between an event and the flush loses nothing (see {@link ListFoldProcessor}).
 *
 * @param flushInterval how often dirty lists are written and emitted (wall clock); zero flushes after
 *                      every event (what the per-event tests and the lowest latency want)
 * <p>Memory is bounded by items (a decoded item was measured at about 600 bytes of heap; count 1 KiB), per
 * task: up to {@code (maxDirtyItems + cachedItems) x tasks} items, where tasks = the partitions of todo.events this
 * instance folds, for each projection version it runs. The defaults keep 6 partitions x 2 versions
 * within about 120 MiB.
 *
 * @param maxDirtyItems a flush starts early once the lists waiting for one hold this many items (one
 *                      list alone may hold more: it then waits for the interval like any other)
 * @param cachedItems   items of the decoded lists kept after their flush, so the next event of a busy
 *                      list does not decode its state again
 */
public record FoldTuning(Duration flushInterval, long maxDirtyItems, long cachedItems) {

    public static final FoldTuning DEFAULT = new FoldTuning(Duration.ofMillis(100), 5_000, 5_000);

    /** Flush after every event: each event's state is emitted, as a plain aggregate would. */
    public static final FoldTuning EVERY_EVENT = new FoldTuning(Duration.ZERO, 1, 0);

    public FoldTuning {
        if (flushInterval == null || flushInterval.isNegative()) {
            throw new IllegalArgumentException("flush interval must be zero or positive, was " + flushInterval);
        }
        if (maxDirtyItems < 1) {
            throw new IllegalArgumentException("max dirty items must be at least 1, was " + maxDirtyItems);
        }
        if (cachedItems < 0) {
            throw new IllegalArgumentException("cached items must be zero or more, was " + cachedItems);
        }
    }

    boolean flushesEveryEvent() {
        return flushInterval.isZero();
    }
}
