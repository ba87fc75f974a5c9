package io.offlinesync.client.store;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.RejectReason;
import java.util.List;
import java.util.Map;

/**
 * The rule for which pending events leave the queue, and why. An event stays while it waits for the log, also after
 * the gateway acknowledged it (only the log settles it). A log entry of this device takes its event out when it accepts
 * it or rejects it for good; a {@code gap} or {@code seq-reused} rejection keeps it (resent, or renumbered). Another
 * device's entry, or another user's push under this clientId ({@code forbidden} with {@code foreignClient}), settles
 * nothing here. Events the gateway refused for good leave too, set aside with the refusal ({@link #refused}).
 */
public enum PendingExit {
    /** Not this device's event: the queue is not touched. */
    NOT_OURS(false),
    /** Accepted into the log. */
    ACCEPTED(true),
    /** Rejected for good: recorded as a rejection. */
    REJECTED(true),
    /** Rejected, but still to be accepted (a gap: resent; a reused clientSeq: renumbered): recorded, kept queued. */
    KEPT(false);

    private final boolean leaves;

    PendingExit(boolean leaves) {
        this.leaves = leaves;
    }

    /** Whether the entry's event leaves the pending queue. */
    public boolean leaves() {
        return leaves;
    }

    /** What {@code entry} of the log means for the pending queue of the device {@code clientId}. */
    public static PendingExit of(LogEntry entry, String clientId) {
        if (!entry.clientId().equals(clientId)) {
            return NOT_OURS;
        }
        if (!(entry instanceof LogEntry.Rejected r)) {
            return ACCEPTED;
        }
        if (r.foreignClient()) {
            return NOT_OURS;
        }
        return r.reason() == RejectReason.GAP || r.reason() == RejectReason.SEQ_REUSED ? KEPT : REJECTED;
    }

    /**
     * The pending events the gateway refused for good, in queue order, each with its refusal: those {@code reasons}
     * (eventId to the refusal's detail) names; they leave the queue, set aside.
     */
    public static List<SetAsideEvent> refused(String listId, List<ClientEvent> pending, Map<String, String> reasons) {
        return pending.stream().filter(e -> reasons.containsKey(e.eventId()))
                .map(e -> new SetAsideEvent(listId, e, reasons.get(e.eventId()))).toList();
    }
}
