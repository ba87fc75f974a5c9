package io.offlinesync.client;

/**
 * The server refused one of this device's events: {@code reason} is {@code gap}, {@code unknown-list} or
 * {@code list-exists} (PROTOCOL.md). A gap is healed by resending; the others are final and the event is
 * dropped from the pending queue.
 */
public record Rejection(String listId, long listVersion, long clientSeq, String eventType, String reason,
                        Long expectedClientSeq) {

    @Override
    public String toString() {
        return listId + " v" + listVersion + ": " + eventType + " #" + clientSeq + " rejected (" + reason
                + (expectedClientSeq != null ? ", expected #" + expectedClientSeq : "") + ")";
    }
}
