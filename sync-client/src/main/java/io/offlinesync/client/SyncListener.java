package io.offlinesync.client;

/**
 * Callbacks of a {@link SyncClient}. They run on the thread that caused them (an edit's caller, a sync,
 * a watch's thread): keep them short, hand work to your UI thread.
 */
public interface SyncListener {

    /** The shown state of a list changed (a local edit, or entries pulled from the log). */
    default void onChange(ListView view) {
    }

    /** The server rejected one of this device's events. */
    default void onRejected(Rejection rejection) {
    }

    /** The gateway refused one of this device's edits for good: it is set aside, and the edits after it sync. */
    default void onSetAside(SetAside setAside) {
    }

    /**
     * The server ended the watch of a list ({@link ListWatch#ended()}): this user may no longer read it (removed from
     * its members) or it no longer exists for them. Nothing more of it arrives; the list and its pending edits stay on
     * the device.
     */
    default void onWatchEnded(String listId, String reason) {
    }

    /** An initial or long catch-up progressed: {@code done} of {@code total} log entries. */
    default void onProgress(String listId, long done, long total) {
    }
}
