package io.offlinesync.projector.cli;

import java.io.PrintWriter;

/**
 * One progress line on stderr, redrawn in place: offsets of todo.events done of total (a record is a sequenced batch
 * of up to {@code SEGMENT_ENTRIES} entries, and transaction markers take offsets too: they are not events), the
 * entries folded and their rate, and an ETA from the offsets' rate.
 */
final class ReplayProgress {

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final long startedNanos = System.nanoTime();
    private long firstDone = -1;

    ReplayProgress(PrintWriter err) {
        this.err = err;
    }

    void show(long done, long total, long entriesFolded) {
        if (firstDone < 0) {
            firstDone = done;
        }
        double seconds = Math.max(0.001, (System.nanoTime() - startedNanos) / 1e9);
        double rate = (done - firstDone) / seconds;
        int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, WIDTH * done / total);
        String eta = rate <= 0 ? "--" : Math.round((total - done) / rate) + "s";
        err.printf("\r[%s%s] %d/%d offsets  %d entries folded  %.0f entries/s  ETA %s   ", "#".repeat(filled),
                " ".repeat(WIDTH - filled), done, total, entriesFolded, entriesFolded / seconds, eta);
        err.flush();
    }

    void finish() {
        err.println();
        err.flush();
    }
}
