package io.offlinesync.gateway.admission;

/**
 * One look at the pipeline: how far its two readers are behind, summed over the partitions.
 *
 * @param inboxLag  batches of the inbox after the sequencer's committed offsets
 * @param eventsLag entries of the canonical log after the query-api's committed offsets
 * @param atNanos   when the reading completed ({@link System#nanoTime()})
 */
public record LagReading(long inboxLag, long eventsLag, long atNanos) {

    public LagReading {
        if (inboxLag < 0 || eventsLag < 0) {
            throw new IllegalArgumentException("a lag is never negative: " + inboxLag + ", " + eventsLag);
        }
    }
}
