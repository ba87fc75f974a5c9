package io.offlinesync.todo;

import io.offlinesync.client.SyncListener;
import java.io.PrintWriter;

/** A text progress bar on stderr for long catch-ups (over 2,000 entries behind); short ones print nothing. */
final class ProgressBar implements SyncListener {

    private static final long LONG = 2_000;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private long start = -1;
    private boolean shown;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void onProgress(String listId, long done, long total) {
        if (start < 0) {
            start = Math.max(0, done - 1_000); // the first page is already in
        }
        if (total - start < LONG) {
            return;
        }
        int filled = (int) (WIDTH * Math.min(1.0, (double) done / Math.max(1, total)));
        err.print("\r" + listId + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total);
        err.flush();
        shown = true;
    }

    synchronized void finish() {
        if (shown) {
            err.println();
        }
    }
}
