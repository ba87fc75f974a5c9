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

    /** A refused event; {@code expectedClientSeq} is set for gaps only. */
    record Rejected(long listVersion, String clientId, long serverMs, String eventId, long clientSeq,
                    RejectReason reason, Long expectedClientSeq) implements LogEntry {}

    /** Whether this entry moves the client's last consumed clientSeq (everything but a gap does). */
    default boolean consumesClientSeq() {
        return !(this instanceof Rejected r && r.reason() == RejectReason.GAP);
    }
}
