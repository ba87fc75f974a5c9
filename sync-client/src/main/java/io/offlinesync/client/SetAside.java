package io.offlinesync.client;

import io.offlinesync.client.store.SetAsideEvent;

/**
 * An edit the gateway refused for good (400 invalid, 413 too large even alone, or 403: the user may not write the
 * list): kept on the device with the refusal's {@code reason}, out of the queue so the edits after it sync
 * (renumbered, so no gap is left). The app shows it and lets the user {@link SyncClient#discard discard} it.
 * {@code eventId} identifies it here. {@code reason} is {@link #FORBIDDEN} for a 403, else the gateway's words.
 */
public record SetAside(String listId, String eventId, long clientSeq, String eventType, String reason) {

    /** The reason of an edit refused with 403: the user may not write the list (the same word as the log's rejection). */
    public static final String FORBIDDEN = "forbidden";

    static SetAside of(SetAsideEvent s) {
        return new SetAside(s.listId(), s.event().eventId(), s.event().clientSeq(), s.event().body().type(), s.reason());
    }

    /** Whether it was refused because the user may not write the list, rather than for its content. */
    public boolean forbidden() {
        return FORBIDDEN.equals(reason);
    }

    @Override
    public String toString() {
        return listId + ": " + eventType + " " + eventId + " set aside (" + reason + ")";
    }
}
