package io.offlinesync.query.stream;

/** The {@code listVersion} of an entry as the index keeps it: its first field (protocol/LogEntryJson). */
final class EntryVersion {

    private static final byte[] PREFIX = "{\"listVersion\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private EntryVersion() {
    }

    static long of(byte[] json) {
        for (int i = 0; i < PREFIX.length; i++) {
            if (i >= json.length || json[i] != PREFIX[i]) {
                throw new IllegalArgumentException("an index entry that does not start with its listVersion");
            }
        }
        long v = 0;
        int i = PREFIX.length;
        for (; i < json.length && json[i] >= '0' && json[i] <= '9'; i++) {
            v = v * 10 + (json[i] - '0');
        }
        if (i == PREFIX.length) {
            throw new IllegalArgumentException("an index entry whose listVersion is not a number");
        }
        return v;
    }
}
