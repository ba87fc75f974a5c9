package io.offlinesync.query.stream;

import io.offlinesync.query.catchup.CatchUpQuery;
import java.util.Optional;

/**
 * Where a stream reads a list's log: this instance's stores, or the instance that owns the list. Reads never
 * wait: the stream waits for its lists itself ({@link io.offlinesync.query.catchup.HeadWatch}).
 */
public interface ListLog {

    /**
     * The page after {@code after}, at most {@code limit} entries; empty when the list has no log (yet).
     *
     * @throws Unavailable when no copy of the list can answer now (its owner is gone, rebalancing): try later
     */
    Optional<CatchUpQuery.Page> pageAfter(String listId, long after, int limit) throws InterruptedException;

    /**
     * Whether the last page of {@code listId} came from a copy that is not a running active store (a standby): such
     * a copy moves without telling, so the stream reads the list again now and then. Lists read from an active store,
     * here or on another instance, are told of every advance.
     */
    default boolean readFromStandby(String listId) {
        return false;
    }

    /** No copy of the list answers now; the stream keeps its cursor and reads again shortly. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
