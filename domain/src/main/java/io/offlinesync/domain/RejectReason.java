package io.offlinesync.domain;

import java.util.Optional;

/** Why the sequencer did not accept an event. */
public enum RejectReason {
    GAP("gap"),
    UNKNOWN_LIST("unknown-list"),
    LIST_EXISTS("list-exists"),
    /** The clientSeq was consumed already with another eventId: the device must renumber after expectedClientSeq. */
    SEQ_REUSED("seq-reused"),
    /** Accepting the event would pass one of the list's bounds, named by the entry's {@code limit}. */
    LIST_LIMIT("list-limit"),
    /**
     * Protocol v1.1: the event's user may not write it at that point of the list's log (membership), or the
     * clientId belongs to another user on the list.
     */
    FORBIDDEN("forbidden"),
    /** Protocol v1.1: the event would leave the list without an owner. */
    LAST_OWNER("last-owner");

    private final String wireName;

    RejectReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<RejectReason> fromWireName(String name) {
        for (RejectReason r : values()) {
            if (r.wireName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
