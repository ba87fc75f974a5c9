package io.offlinesync.client;

import java.time.Duration;

/**
 * Pushes the pending edits of every watched list while lists are watched, on a thread of its own: at once when an
 * edit is made on this client, when a list starts being watched and when the log asks for a resend (a {@code gap} or
 * {@code seq-reused} rejection), and every 20 s for edits made by another process on the same profile. A failure is
 * recorded and retried with backoff.
 */
final class PushLoop extends WatchThread {

    static final Duration ROUND = Duration.ofSeconds(20);

    private final SyncRounds sync;
    private final Watches watches;
    private boolean wanted; // guarded by this

    PushLoop(SyncRounds sync, Watches watches, RetryPolicy backoff) {
        super("sync-watch-push", backoff);
        this.sync = sync;
        this.watches = watches;
    }

    synchronized void wake() {
        wanted = true;
        notifyAll();
    }

    private synchronized void awaitWork() throws InterruptedException {
        long until = System.nanoTime() + ROUND.toNanos();
        while (!wanted && until - System.nanoTime() > 0) {
            wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
        }
        wanted = false;
    }

    @Override
    protected void run() {
        rounds(sync, "watch: pushing", () -> {
            awaitWork();
            for (String listId : watches.watched()) {
                sync.pushWatched(listId);
            }
            return true;
        });
    }

    /** After the backoff, pushes again at once (a failed round is retried, not waited out). */
    @Override
    protected boolean afterFailure(int failures) {
        if (!pause(failures)) {
            return false;
        }
        wake();
        return true;
    }
}
