package io.offlinesync.client;

/**
 * A list joined from the server's snapshot cannot be derived yet under a projection that does not start from that
 * snapshot (anything but the platform's {@code todo-list} fold): the device keeps only the log after the snapshot,
 * and the entries before it come with the list's next {@link SyncClient#sync()}, once. Unchecked, like
 * {@code IllegalStateException}, which it is.
 */
public final class LogPrefixMissingException extends IllegalStateException {

    private final String listId;
    private final long snapshotVersion;

    LogPrefixMissingException(String listId, long snapshotVersion, ProjectionRef projection) {
        super("list " + listId + " was joined from the server's snapshot at listVersion " + snapshotVersion
                + ": deriving it under " + projection + " needs its first " + snapshotVersion
                + " log entries, which the next sync downloads");
        this.listId = listId;
        this.snapshotVersion = snapshotVersion;
    }

    public String listId() {
        return listId;
    }

    /** The entries missing: listVersion 1 to this one. */
    public long snapshotVersion() {
        return snapshotVersion;
    }
}
