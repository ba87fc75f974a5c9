package io.offlinesync.projector.projection;

import java.time.Duration;

/**
 * How a projection batches its writes. Events are folded into decoded lists held in memory; a list's
 * state is encoded, stored and emitted once per flush instead of once per event, which is what made the
 * fold's cost grow with the list's size. Until the flush, each folded entry is kept in a small pending
 * store, so a commit between an event and the flush loses nothing (see {@link ListFoldProcessor}).
 *
 * @param flushInterval how often dirty lists are written and emitted (wall clock); zero flushes after
 *                      every event (what the per-event tests and the lowest latency want)
 * @param maxDirtyLists a flush starts early once this many lists wait for one, bounding memory
 * @param cachedLists   decoded lists kept after their flush, per task, so the next event of a busy
 *                      list does not decode its state again
 */
public record FoldTuning(Duration flushInterval, int maxDirtyLists, int cachedLists) {

    public static final FoldTuning DEFAULT = new FoldTuning(Duration.ofMillis(100), 5_000, 1_000);

    /** Flush after every event: each event's state is emitted, as a plain aggregate would. */
    public static final FoldTuning EVERY_EVENT = new FoldTuning(Duration.ZERO, 1, 0);

    public FoldTuning {
        if (flushInterval == null || flushInterval.isNegative()) {
            throw new IllegalArgumentException("flush interval must be zero or positive, was " + flushInterval);
        }
        if (maxDirtyLists < 1) {
            throw new IllegalArgumentException("max dirty lists must be at least 1, was " + maxDirtyLists);
        }
        if (cachedLists < 0) {
            throw new IllegalArgumentException("cached lists must be zero or more, was " + cachedLists);
        }
    }

    boolean flushesEveryEvent() {
        return flushInterval.isZero();
    }
}
