package io.offlinesync.client.store;

/**
 * A list this profile follows, as the store keeps it: {@code cursor} is the listVersion of the last log
 * entry it has, {@code serverHead} the head the server last reported, {@code nextClientSeq} the clientSeq
 * of this device's next event on the list, {@code snapshotVersion} the listVersion of the state snapshot
 * it loaded when joining (0 if none).
 */
public record StoredList(String listId, long cursor, long serverHead, long nextClientSeq, long snapshotVersion) {

    /** Whether the list's log is here up to the snapshot it joined with, so it can be folded and edited. */
    public boolean logComplete() {
        return cursor >= snapshotVersion;
    }
}
