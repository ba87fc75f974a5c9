package io.offlinesync.client;

import java.util.Optional;

/**
 * One list being watched ({@link SyncClient#watch}): its new entries are applied as they arrive (listeners hear about
 * them) and the device's pending edits on it are pushed along the way. All the lists a {@link SyncClient} watches
 * share one live stream from the query-api (protocol v1.1), or, where that cannot be had, a long-poll each. A watch
 * survives the server going away and a sign-in that lapsed: the error is recorded ({@link SyncClient#status()}), and it
 * carries on with backoff. It ends by {@link #close()}, by closing the {@link SyncClient}, or when the server says the
 * device may no longer read the list ({@link #ended()}, {@link SyncListener#onWatchEnded}).
 */
public final class ListWatch implements AutoCloseable {

    private final Watches watches;
    private final String listId;
    private volatile String endedBecause;
    private volatile boolean closed;

    ListWatch(Watches watches, String listId) {
        this.watches = watches;
        this.listId = listId;
    }

    public String listId() {
        return listId;
    }

    /** Why the server ended this watch (the list is no longer readable for this user); empty while it runs. */
    public Optional<String> ended() {
        return Optional.ofNullable(endedBecause);
    }

    /** Whether the list is still watched: neither closed nor ended by the server. */
    public boolean isOpen() {
        return !closed && endedBecause == null;
    }

    void end(String reason) {
        endedBecause = reason;
    }

    /** Stops watching the list (the other watched lists go on). Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            watches.remove(this);
        }
    }
}
