package io.offlinesync.client;

import io.offlinesync.client.store.OwnRejection;

/**
 * The server refused one of this device's events: {@code reason} is {@code gap}, {@code unknown-list},
 * {@code list-exists}, {@code seq-reused}, {@code list-limit}, {@code forbidden} or {@code last-owner} (PROTOCOL.md),
 * {@code limit} names the bound a {@code list-limit} hit ({@code clients}, {@code items}, {@code size},
 * {@code members}, ...; null for other reasons). A gap is healed by resending and a reused clientSeq by renumbering
 * ({@link #healed()}): the event stays pending and gets through. The others are final and the event leaves the
 * pending queue: {@code forbidden} when the user's role on the list (as of that point of its log) does not allow the
 * event (viewers and non-members write nothing, editors no membership change), {@code last-owner} when it would
 * leave the list without an owner. Someone else's push under this device's clientId (a {@code forbidden} with
 * {@code foreignClient}) is not this device's event and is not reported.
 */
public record Rejection(String listId, long listVersion, long clientSeq, String eventType, String reason,
                        Long expectedClientSeq, String limit) {

    public Rejection(String listId, long listVersion, long clientSeq, String eventType, String reason,
                     Long expectedClientSeq) {
        this(listId, listVersion, clientSeq, eventType, reason, expectedClientSeq, null);
    }

    static Rejection of(OwnRejection own) {
        return new Rejection(own.listId(), own.entry().listVersion(), own.entry().clientSeq(), own.eventType(),
                own.entry().reason().wireName(), own.entry().expectedClientSeq(), own.entry().limit());
    }

    /** Whether the SDK heals this rejection by itself (the event is sent again, renumbered if needed). */
    public boolean healed() {
        return reason.equals("gap") || reason.equals("seq-reused");
    }

    @Override
    public String toString() {
        String why = switch (reason) {
            case "list-limit" -> "list-limit: the list's " + (limit != null ? limit : "?") + " limit is reached";
            case "seq-reused" -> "seq-reused, renumbered" + (expectedClientSeq != null
                    ? " after #" + (expectedClientSeq - 1) : "") + " and sent again";
            case "gap" -> "gap, expected #" + expectedClientSeq + ", sent again";
            case "forbidden" -> "forbidden: your role on the list does not allow it";
            case "last-owner" -> "last-owner: the list would have no owner left";
            default -> reason + (expectedClientSeq != null ? ", expected #" + expectedClientSeq : "");
        };
        return listId + " v" + listVersion + ": " + eventType + " #" + clientSeq + " rejected (" + why + ")";
    }
}
