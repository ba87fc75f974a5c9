package io.offlinesync.examples.archive;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.ListLedger;
import io.offlinesync.domain.ListLimits;
import io.offlinesync.domain.ListSequence;
import io.offlinesync.domain.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A hand-written log whose server time the test sets: events pushed one by one through a real {@link ListSequence}
 * (so rejections are the sequencer's), each entry stamped {@code serverMs} = the script's clock, which then moves on
 * by 1 ms. {@link #day} and {@link #at} set the clock (also backwards: serverMs is a gateway's wall clock). A device
 * stamps its event (its HLC) with the server time unless told otherwise; each client numbers 1, 2, 3, ...
 */
final class LogScript {

    static final long T0 = 1_764_150_000_000L;
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;

    private final String listId;
    private final ListSequence sequence = new ListSequence(ListLedger.inMemory(), ListLimits.DEFAULTS);
    private final List<LogEntry> log = new ArrayList<>();
    private final Map<String, Long> nextSeq = new HashMap<>();
    private long serverMs = T0;

    LogScript(String listId) {
        this.listId = listId;
    }

    String listId() {
        return listId;
    }

    /** The server clock at {@code T0 + ms}. */
    LogScript at(long ms) {
        serverMs = T0 + ms;
        return this;
    }

    LogScript day(double days) {
        return at(Math.round(days * DAY));
    }

    LogScript push(String clientId, String userId, EventBody body) {
        return stamped(clientId, userId, serverMs, body);
    }

    /** Pushes an event its device stamped at {@code atMs} (absolute), whatever the server time. */
    LogScript stamped(String clientId, String userId, long atMs, EventBody body) {
        long seq = nextSeq.getOrDefault(clientId, 1L);
        nextSeq.put(clientId, seq + 1);
        return pushAt(clientId, userId, seq, atMs, body);
    }

    /** Pushes with an explicit clientSeq (a gap); the client's numbering is not changed. */
    LogScript pushAt(String clientId, String userId, long clientSeq, long atMs, EventBody body) {
        String eventId = UUID.nameUUIDFromBytes((listId + "/" + clientId + "/" + clientSeq + "/" + log.size())
                .getBytes(StandardCharsets.UTF_8)).toString();
        LogEntry entry = sequence.admit(clientId, userId, serverMs++, new ClientEvent(eventId, clientSeq,
                new Hlc(atMs, 0), body));
        if (entry != null) {
            log.add(entry);
        }
        return this;
    }

    /** An entry appended as is (a replayed page: an entry at a listVersion folded already). */
    LogScript append(LogEntry entry) {
        log.add(entry);
        return this;
    }

    List<LogEntry> log() {
        return List.copyOf(log);
    }
}
