package io.offlinesync.domain;

import java.util.Map;

/**
 * One log entry that wrote or deleted an item, with the outcome of each register it wrote
 * ({@code title}, {@code completed}, in that order), and the entry's user ({@code userId}, null for an entry
 * without one). {@code outcome} is set for an ItemDeleted
 * ({@link WriteOutcome#DELETED}, or {@link WriteOutcome#AFTER_DELETE} for a second deletion), whose
 * {@code registers} are empty; it is null for the other types, whose outcomes are per register.
 */
public record HistoryEntry(long listVersion, String clientId, long clientSeq, String eventId, long serverMs,
                           String type, Hlc at, long count, VClock vclock,
                           Map<String, RegisterOutcome> registers, WriteOutcome outcome, String userId) {

    /** An entry without a user. */
    public HistoryEntry(long listVersion, String clientId, long clientSeq, String eventId, long serverMs, String type,
                        Hlc at, long count, VClock vclock, Map<String, RegisterOutcome> registers,
                        WriteOutcome outcome) {
        this(listVersion, clientId, clientSeq, eventId, serverMs, type, at, count, vclock, registers, outcome, null);
    }

    public HistoryEntry {
        registers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(registers));
    }
}
