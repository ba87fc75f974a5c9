package io.offlinesync.client.store;

import io.offlinesync.domain.ClientEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a list's pending queue is renumbered so that all of it can still be accepted, given {@code serverSeq},
 * the last clientSeq of this device the server consumed as far as the pulled log shows.
 *
 * <ul>
 *   <li>An <b>orphan</b> is a pending event numbered at or below {@code serverSeq}: that number was consumed by
 *       another event (a device restored from an old backup, a profile copied to a second machine), so this
 *       event can never be accepted under it. Log entries are settled in order, so once the log shows the
 *       number consumed, the event's own acceptance can no longer come.</li>
 *   <li>A <b>hole</b> is a number above {@code serverSeq} that no pending event holds (its event was set aside,
 *       discarded, or refused without consuming its number): every event after it would be a gap forever.</li>
 * </ul>
 * Pending events above {@code serverSeq} up to the first hole keep their numbers: they may sit in the server's
 * inbox already and will be accepted there. The events after the hole, then the orphans (each group in its
 * order), are numbered on from there. A renumbered event gets a <b>fresh eventId</b>: an eventId names one
 * numbered submission, the log may still hold (or, from a retry in flight, still receive) a rejection of the
 * old one, and every reader settles a pending event by its eventId; with a fresh id the fate of the old number
 * can never be taken for the fate of the new one, and the server's retry check (same clientSeq, same eventId)
 * can never take the new event for the consumed one. Content and {@code at} stay as the user made them.
 */
record Renumbering(List<ClientEvent> kept, List<ClientEvent> moved, List<ClientEvent> renumbered, long nextClientSeq) {

    static Renumbering plan(List<ClientEvent> pending, long serverSeq, long nextClientSeq, Supplier<String> freshIds) {
        List<ClientEvent> orphans = new ArrayList<>();
        List<ClientEvent> kept = new ArrayList<>();
        List<ClientEvent> moved = new ArrayList<>();
        long expected = serverSeq + 1;
        for (ClientEvent event : pending) { // in clientSeq order
            if (event.clientSeq() <= serverSeq) {
                orphans.add(event);
            } else if (moved.isEmpty() && event.clientSeq() == expected) {
                kept.add(event);
                expected++;
            } else {
                moved.add(event);
            }
        }
        moved.addAll(orphans);
        List<ClientEvent> renumbered = new ArrayList<>();
        long seq = expected;
        for (ClientEvent event : moved) {
            renumbered.add(new ClientEvent(freshIds.get(), seq++, event.at(), event.body()));
        }
        long next = moved.isEmpty() ? Math.max(nextClientSeq, expected) : seq;
        return new Renumbering(kept, moved, renumbered, next);
    }

    boolean changes(long currentNext) {
        return !moved.isEmpty() || nextClientSeq != currentNext;
    }
}
