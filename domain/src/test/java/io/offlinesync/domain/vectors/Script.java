package io.offlinesync.domain.vectors;

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
 * A hand-written log: events pushed one by one through a real {@link ListSequence}, so every entry (and every
 * rejection) is the one the sequencer appends. Each client numbers its events 1, 2, 3, ... unless told otherwise.
 */
final class Script {

    static final long T0 = 1_764_150_000_000L;

    private final String listId;
    private final ListSequence sequence;
    private final List<LogEntry> log = new ArrayList<>();
    private final Map<String, Long> nextSeq = new HashMap<>();
    private final List<ClientEvent> sent = new ArrayList<>();
    private long serverMs = T0 + 500;
    private int made;

    Script(String listId) {
        this(listId, ListLimits.DEFAULTS);
    }

    Script(String listId, ListLimits limits) {
        this.listId = listId;
        this.sequence = new ListSequence(ListLedger.inMemory(), limits);
    }

    /** {@code clientId} of {@code userId} (null: a batch without a user) pushes {@code body} stamped (T0 + ms, 0). */
    Script push(String clientId, String userId, long ms, EventBody body) {
        return push(clientId, userId, ms, 0, body);
    }

    Script push(String clientId, String userId, long ms, long n, EventBody body) {
        long seq = nextSeq.getOrDefault(clientId, 1L);
        nextSeq.put(clientId, seq + 1);
        return pushAt(clientId, userId, seq, ms, n, body);
    }

    /** Pushes with an explicit clientSeq (a gap, a reused number); the client's numbering is not changed. */
    Script pushAt(String clientId, String userId, long clientSeq, long ms, long n, EventBody body) {
        String eventId = UUID.nameUUIDFromBytes((listId + "/" + clientId + "/" + clientSeq + "/" + made++)
                .getBytes(StandardCharsets.UTF_8)).toString();
        ClientEvent event = new ClientEvent(eventId, clientSeq, new Hlc(T0 + ms, n), body);
        sent.add(event);
        return admit(clientId, userId, event);
    }

    /** Sends an earlier event again (the {@code index}-th sent): a duplicate, nothing is appended. */
    Script resend(int index, String clientId, String userId) {
        return admit(clientId, userId, sent.get(index));
    }

    private Script admit(String clientId, String userId, ClientEvent event) {
        LogEntry entry = sequence.admit(clientId, userId, serverMs++, event);
        if (entry != null) {
            log.add(entry);
        }
        return this;
    }

    List<LogEntry> log() {
        return List.copyOf(log);
    }
}
