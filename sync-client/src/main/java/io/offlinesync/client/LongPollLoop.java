package io.offlinesync.client;

import java.time.Duration;

/**
 * Watches one list by long-poll, on a thread of its own (the way every list was watched before the live stream):
 * a list with nothing here yet is first caught up (joined from the server's snapshot when it can be), then each
 * call waits up to 20 s for entries after the cursor. Used for the lists the stream does not carry (see
 * {@link Watches}); once a list it joins has a log here, {@link Watches} moves it to the stream.
 */
final class LongPollLoop extends WatchThread {

    static final long WAIT_MS = 20_000;
    /** A list the server has no log of yet (not created, or not pushed yet) is asked about again after this. */
    static final Duration NOT_THERE_YET = Duration.ofSeconds(2);

    private final SyncRounds sync;
    private final Watches watches;
    private final String listId;

    LongPollLoop(SyncRounds sync, Watches watches, String listId, RetryPolicy backoff) {
        super("list-watch-" + listId, backoff);
        this.sync = sync;
        this.watches = watches;
        this.listId = listId;
    }

    @Override
    protected void run() {
        rounds(sync, "watch " + listId, () -> {
            long before = sync.cursor(listId);
            Puller.Result pulled = sync.pollWatched(listId, WAIT_MS);
            if (!pulled.rejections().isEmpty()) {
                watches.wakePushes(); // a gap or seq-reused rejection asks for a resend
            }
            if (pulled.missing() && before > 0) {
                // the device had its log: like the stream's "removed", this user may no longer read it
                watches.serverEnded(listId, "the server answers 404 for it: this user may no longer read it, "
                        + "or it no longer exists");
                return false;
            }
            if (pulled.missing()) {
                Thread.sleep(NOT_THERE_YET);
            } else if (before == 0 && sync.cursor(listId) > 0) {
                watches.reconcile(); // it has a log here now: the stream can carry it
            }
            return true;
        });
    }
}
