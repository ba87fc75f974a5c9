package io.offlinesync.client.store;

import io.offlinesync.domain.LogEntry;

/** What one log entry of this device tells about the last clientSeq the server consumed for it. */
final class ServerSeq {

    private ServerSeq() {
    }

    /**
     * The server's last consumed clientSeq for the entry's client as of that entry: its own clientSeq when it
     * consumes one; {@code expectedClientSeq - 1} for a gap or a reused clientSeq (where the numbering
     * continues); else nothing known (0).
     */
    static long of(LogEntry entry) {
        if (entry.consumesClientSeq()) {
            return entry.clientSeq();
        }
        if (entry instanceof LogEntry.Rejected r && r.expectedClientSeq() != null) {
            return r.expectedClientSeq() - 1;
        }
        return 0;
    }
}
