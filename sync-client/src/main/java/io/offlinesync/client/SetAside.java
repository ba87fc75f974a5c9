package io.offlinesync.client;

/**
 * An edit the gateway refused for good (400 invalid, or 413 too large even alone): kept on the device with the
 * refusal's {@code reason}, out of the queue so the edits after it sync (renumbered, so no gap is left). The app
 * shows it and lets the user {@link SyncClient#discard discard} it. {@code eventId} identifies it here.
 */
public record SetAside(String listId, String eventId, long clientSeq, String eventType, String reason) {

    @Override
    public String toString() {
        return listId + ": " + eventType + " " + eventId + " set aside (" + reason + ")";
    }
}
