package io.offlinesync.projector.projection;

import io.offlinesync.schemas.avro.LogEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.offlinesync.schemas.Topics;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The entries folded into a list since its state was last stored, as the version before issue 15 kept them: in
 * a store of their own, keyed {@code listId NUL offset} (offset zero-padded, so a list's entries sort in log
 * order), each deleted in the transaction that stored its list. That version's clean shutdown leaves entries
 * here, so they are still read on start and deleted by the first flush; nothing writes new ones (a task now
 * keeps a {@link FoldMarker} instead).
 */
final class PendingEntries {

    private static final char SEPARATOR = '\u0000'; // never in a list id (PROTOCOL.md: [A-Za-z0-9_-])
    private static final int OFFSET_DIGITS = 19;

    private final KeyValueStore<String, byte[]> store;
    private final Deserializer<LogEntry> entries;

    /** {@code store} holds each entry's todo.events bytes as read; {@code entries} decodes them. */
    PendingEntries(KeyValueStore<String, byte[]> store, Deserializer<LogEntry> entries) {
        this.store = store;
        this.entries = entries;
    }

    void delete(List<String> keys) {
        for (String key : keys) {
            store.delete(key);
        }
    }

    /** Every list with pending entries, each with its entries in log order. */
    Map<String, List<Pending>> all() {
        Map<String, List<Pending>> byList = new LinkedHashMap<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> next = it.next();
                int split = next.key.lastIndexOf(SEPARATOR);
                String listId = next.key.substring(0, split);
                long offset = Long.parseLong(next.key.substring(split + 1));
                byList.computeIfAbsent(listId, id -> new ArrayList<>()).add(new Pending(next.key, offset,
                        entries.deserialize(Topics.EVENTS, next.value)));
            }
        }
        byList.values().forEach(entries -> entries.sort(java.util.Comparator.comparingLong(Pending::offset)));
        return byList;
    }

    static String key(String listId, long offset) {
        String digits = Long.toString(offset);
        StringBuilder key = new StringBuilder(listId.length() + 1 + OFFSET_DIGITS).append(listId).append(SEPARATOR);
        for (int i = digits.length(); i < OFFSET_DIGITS; i++) {
            key.append('0');
        }
        return key.append(digits).toString();
    }

    record Pending(String key, long offset, LogEntry entry) {}
}
