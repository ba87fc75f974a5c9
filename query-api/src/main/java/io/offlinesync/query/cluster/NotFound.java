package io.offlinesync.query.cluster;

/**
 * The list (or item) is unknown here (404). The routing tells it from a copy that cannot answer: a standby
 * behind its active may not know a list yet.
 */
public final class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }

    /** The read of a list's log found none. */
    public static NotFound noLog(String listId) {
        return new NotFound("list " + listId + " has no log");
    }
}
