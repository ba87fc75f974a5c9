package io.offlinesync.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * The sequencer's knowledge of one list: its head listVersion, whether it was created, and the last
 * clientSeq consumed per client. {@link #admit} turns an incoming event into the next log entry.
 */
public final class ListSequence {

    private long head;
    private boolean created;
    private final Map<String, Long> clientSeqs;

    public ListSequence() {
        this(0, false, Map.of());
    }

    public ListSequence(long head, boolean created, Map<String, Long> clientSeqs) {
        this.head = head;
        this.created = created;
        this.clientSeqs = new TreeMap<>(clientSeqs);
    }

    /**
     * Decides what an event from {@code clientId} becomes: {@code null} for a duplicate (nothing is
     * appended), else the entry to append with the next listVersion, accepted or rejected.
     */
    public LogEntry admit(String clientId, long serverMs, ClientEvent event) {
        long last = clientSeqs.getOrDefault(clientId, 0L);
        long seq = event.clientSeq();
        if (seq <= last) {
            return null;
        }
        long version = head + 1;
        if (seq > last + 1) {
            head = version;
            return new LogEntry.Rejected(version, clientId, serverMs, event.eventId(), seq,
                    RejectReason.GAP, last + 1);
        }
        head = version;
        clientSeqs.put(clientId, seq);
        boolean isCreate = event.body() instanceof EventBody.ListCreated;
        if (!created && !isCreate) {
            return rejected(version, clientId, serverMs, event, RejectReason.UNKNOWN_LIST);
        }
        if (created && isCreate) {
            return rejected(version, clientId, serverMs, event, RejectReason.LIST_EXISTS);
        }
        created = true;
        return new LogEntry.Accepted(version, clientId, serverMs, event);
    }

    private static LogEntry.Rejected rejected(long version, String clientId, long serverMs, ClientEvent event,
                                              RejectReason reason) {
        return new LogEntry.Rejected(version, clientId, serverMs, event.eventId(), event.clientSeq(), reason, null);
    }

    public long head() {
        return head;
    }

    public boolean created() {
        return created;
    }

    public Map<String, Long> clientSeqs() {
        return java.util.Collections.unmodifiableMap(clientSeqs);
    }
}
