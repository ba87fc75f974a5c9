package io.offlinesync.domain;

/**
 * One entry of a list's canonical log, as the sequencer appended it. {@link #userId()} is the user whose batch
 * brought the event (the gateway stamps the authenticated user on every inbox batch); null for entries of batches
 * that carried no user (written before version 4 of the event schemas, or by a gateway without sign-in).
 */
public sealed interface LogEntry permits LogEntry.Accepted, LogEntry.Rejected {

    long listVersion();

    String clientId();

    long serverMs();

    String eventId();

    long clientSeq();

    /** The user behind the entry, or null (see the class comment). */
    String userId();

    /** An accepted event, folded into the list's state. */
    record Accepted(long listVersion, String clientId, long serverMs, ClientEvent event, String userId)
            implements LogEntry {

        /** An entry without a user. */
        public Accepted(long listVersion, String clientId, long serverMs, ClientEvent event) {
            this(listVersion, clientId, serverMs, event, null);
        }

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
     * {@link ListLimit}). {@code foreignClient} is true for a {@code forbidden} whose clientId belongs to another
     * user on the list than {@code userId}: someone else's device, whose numbering the entry does not touch.
     */
    record Rejected(long listVersion, String clientId, long serverMs, String eventId, long clientSeq,
                    RejectReason reason, Long expectedClientSeq, String limit, String userId, boolean foreignClient)
            implements LogEntry {

        public Rejected {
            if (foreignClient && reason != RejectReason.FORBIDDEN) {
                throw new IllegalArgumentException("only a forbidden rejection is for a foreign client, not " + reason);
            }
        }

        public Rejected(long listVersion, String clientId, long serverMs, String eventId, long clientSeq,
                        RejectReason reason, Long expectedClientSeq, String limit) {
            this(listVersion, clientId, serverMs, eventId, clientSeq, reason, expectedClientSeq, limit, null, false);
        }

        public Rejected(long listVersion, String clientId, long serverMs, String eventId, long clientSeq,
                        RejectReason reason, Long expectedClientSeq) {
            this(listVersion, clientId, serverMs, eventId, clientSeq, reason, expectedClientSeq, null);
        }
    }

    /**
     * Whether this entry moves the client's last consumed clientSeq. Everything does but a gap, a reused
     * clientSeq (the number was consumed already), a {@code list-limit} on {@code clients} (the list
     * refused to know one more client, so it keeps no number for it), and a {@code forbidden} for a foreign
     * client (the clientId is another user's: that device's numbering is never touched by someone else's push).
     */
    default boolean consumesClientSeq() {
        return !(this instanceof Rejected r) || consumesClientSeq(r.reason(), r.limit(), r.foreignClient());
    }

    /** Whether a rejection for {@code reason} (and {@code limit}, for list-limit) of a client's own push moves its clientSeq. */
    static boolean consumesClientSeq(RejectReason reason, String limit) {
        return consumesClientSeq(reason, limit, false);
    }

    /**
     * Whether a rejection for {@code reason} (and {@code limit}, for list-limit; {@code foreignClient}, for
     * forbidden) moves the client's clientSeq.
     */
    static boolean consumesClientSeq(RejectReason reason, String limit, boolean foreignClient) {
        return switch (reason) {
            case GAP, SEQ_REUSED -> false;
            case LIST_LIMIT -> !ListLimit.CLIENTS.wireName().equals(limit);
            case FORBIDDEN -> !foreignClient;
            default -> true;
        };
    }
}
