package io.offlinesync.domain;

/** One entry of a list's canonical log, as the sequencer appended it. */
public sealed interface LogEntry permits LogEntry.Accepted, LogEntry.Rejected {

    long listVersion();

    String clientId();

    long serverMs();

    String eventId();

    long clientSeq();

    /** An accepted event, folded into the list's state. */
    record Accepted(long listVersion, String clientId, long serverMs, ClientEvent event) implements LogEntry {
        @Override
        public String eventId() {
            return event.eventId();
        }

        @Override
        public long clientSeq() {
            return event.clientSeq();
        }
    }

    /**
     * A refused event. {@code expectedClientSeq} is set for {@code gap} and {@code seq-reused} (where the
     * client's numbering continues); {@code limit} for {@code list-limit} only (which bound: see
     * {@link ListLimit}).
     */
    record Rejected(long listVersion, String clientId, long serverMs, String eventId, long clientSeq,
                    RejectReason reason, Long expectedClientSeq, String limit) implements LogEntry {

        public Rejected(long listVersion, String clientId, long serverMs, String eventId, long clientSeq,
                        RejectReason reason, Long expectedClientSeq) {
            this(listVersion, clientId, serverMs, eventId, clientSeq, reason, expectedClientSeq, null);
        }
    }

    /**
     * Whether this entry moves the client's last consumed clientSeq. Everything does but a gap, a reused
     * clientSeq (the number was consumed already), and a {@code list-limit} on {@code clients} (the list
     * refused to know one more client, so it keeps no number for it).
     */
    default boolean consumesClientSeq() {
        return !(this instanceof Rejected r) || consumesClientSeq(r.reason(), r.limit());
    }

    /** Whether a rejection for {@code reason} (and {@code limit}, for list-limit) moves the client's clientSeq. */
    static boolean consumesClientSeq(RejectReason reason, String limit) {
        return switch (reason) {
            case GAP, SEQ_REUSED -> false;
            case LIST_LIMIT -> !ListLimit.CLIENTS.wireName().equals(limit);
            default -> true;
        };
    }
}
