package io.offlinesync.gateway.admission;

/**
 * One look at the pipeline: how far its two readers are behind, and where they are, summed over the partitions.
 * A reader's position is its committed offset, or the partition's start offset where it has none; how fast the
 * positions advance is how fast the backlog drains (while the admission is closed nothing new arrives).
 *
 * @param inboxLag       batches of the inbox after the sequencer's positions
 * @param eventsLag      records of the canonical log (one per sequenced batch) after the query-api's positions
 * @param inboxPosition  the sequencer's positions on the inbox, summed
 * @param eventsPosition the query-api's positions on the canonical log, summed
 * @param atNanos        when the reading completed ({@link System#nanoTime()})
 */
public record LagReading(long inboxLag, long eventsLag, long inboxPosition, long eventsPosition, long atNanos) {

    public LagReading {
        if (inboxLag < 0 || eventsLag < 0) {
            throw new IllegalArgumentException("a lag is never negative: " + inboxLag + ", " + eventsLag);
        }
    }
}
