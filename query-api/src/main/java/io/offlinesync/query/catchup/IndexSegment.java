package io.offlinesync.query.catchup;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.protocol.LogEntryJson;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;

/**
 * A value of the event index: consecutive entries of one list, each as served JSON, kept under the key of the last
 * of them ({@link IndexKey#of}(listId, lastVersion)). A todo.events record (a sequenced batch) is indexed as one such
 * value, or as a few when its JSON passes {@link #CHUNK_BYTES}: one store write and one changelog record per value
 * instead of per entry. Keyed by the last entry, a range scan from (listId, after + 1) starts at the value that holds
 * entry {@code after + 1}.
 *
 * <p>The bytes: a value of one entry is that entry's JSON alone (its first byte is '{'), which is also how the index
 * kept every entry before segments, so an index written by an earlier version reads as segments of one. A value of
 * more entries is the byte {@value #SEGMENT}, then for each entry its listVersion (8 bytes, big-endian), the length of
 * its JSON (4 bytes) and the JSON.
 */
final class IndexSegment {

    /**
     * The most bytes of entry JSON in one value (a single larger entry is a value of its own). A read copies whole
     * values out of the store, so this bounds what a page copies beyond what it serves (a cursor inside a value, and
     * the check that a head's entry is indexed) and keeps a value well inside what the changelog topic takes (a 2 MiB
     * batch rendered as JSON is more). A batch of 100 typical entries (23 KB) is three values: still one store
     * write and one changelog record per 35 entries or so, not per entry.
     */
    static final int CHUNK_BYTES = 8 * 1024;
    private static final byte SEGMENT = 1;

    /** One value of the index and the listVersion of its last entry, which is its key's. */
    record Chunk(long lastVersion, byte[] value) {
    }

    private IndexSegment() {
    }

    /** The values that index {@code entries} (consecutive entries of one list, in order). */
    static List<Chunk> chunks(List<LogEntry> entries) {
        List<byte[]> json = LogEntryJson.writeEach(entries);
        List<Chunk> chunks = new ArrayList<>(1);
        int from = 0;
        int bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (i > from && bytes + json.get(i).length > CHUNK_BYTES) {
                chunks.add(encode(entries.subList(from, i), json.subList(from, i)));
                from = i;
                bytes = 0;
            }
            bytes += json.get(i).length;
        }
        if (from < entries.size()) {
            chunks.add(encode(entries.subList(from, entries.size()), json.subList(from, entries.size())));
        }
        return chunks;
    }

    private static Chunk encode(List<LogEntry> entries, List<byte[]> json) {
        long last = entries.getLast().listVersion();
        if (entries.size() == 1) {
            return new Chunk(last, json.getFirst());
        }
        ByteBuffer value = ByteBuffer.allocate(1 + json.stream().mapToInt(j -> j.length + 12).sum());
        value.put(SEGMENT);
        for (int i = 0; i < entries.size(); i++) {
            value.putLong(entries.get(i).listVersion()).putInt(json.get(i).length).put(json.get(i));
        }
        return new Chunk(last, value.array());
    }

    /** The entries of the value stored under {@code key}, in order. */
    static Entries read(Bytes key, byte[] value) {
        return new Entries(IndexKey.version(key), value);
    }

    /** A forward-only walk over one value's entries: {@link #next()}, then {@link #version()} and {@link #json()}. */
    static final class Entries {
        private final long keyVersion;
        private final byte[] value;
        private final boolean single;
        private int position;
        private long version;
        private int start;
        private int length;

        private Entries(long keyVersion, byte[] value) {
            this.keyVersion = keyVersion;
            this.value = value;
            this.single = value.length == 0 || value[0] != SEGMENT;
            this.position = single ? 0 : 1;
        }

        /** Moves to the next entry; false when there is none. */
        boolean next() {
            if (single) {
                if (position > 0) {
                    return false;
                }
                position = value.length;
                version = keyVersion;
                start = 0;
                length = value.length;
                return true;
            }
            if (position >= value.length) {
                return false;
            }
            ByteBuffer header = ByteBuffer.wrap(value, position, 12);
            version = header.getLong();
            length = header.getInt();
            start = position + 12;
            position = start + length;
            return true;
        }

        long version() {
            return version;
        }

        /** The bytes of this entry's JSON. */
        int length() {
            return length;
        }

        /** This entry's JSON, UTF-8. */
        byte[] json() {
            return single ? value : Arrays.copyOfRange(value, start, start + length);
        }
    }
}
