package io.offlinesync.query.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a stream's server-sent events (PROTOCOL.md, "Live stream"). Entries are copied from the index's JSON
 * bytes with {@code "listId"} spliced in front of their first field; list ids match {@code [A-Za-z0-9_-]}, so
 * they need no escaping, and the index's JSON holds no line break, so each {@code data} is one line.
 */
final class SseWriter {

    private static final byte[] ENTRY = "event: entry\nid: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_LIST = "\ndata: {\"listId\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEARTBEAT = "event: heartbeat\ndata: {}\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    void entry(String listId, long listVersion, byte[] json) throws IOException {
        out.write(ENTRY);
        out.write(ascii(listId + ":" + listVersion));
        out.write(DATA_LIST);
        out.write(ascii(listId));
        out.write('"');
        if (json.length > 2) { // {"listVersion":...} -> {"listId":"L","listVersion":...}
            out.write(',');
        }
        out.write(json, 1, json.length - 1);
        out.write('\n');
        out.write('\n');
    }

    void heartbeat() throws IOException {
        out.write(HEARTBEAT);
    }

    void removed(String listId) throws IOException {
        out.write(ascii("event: removed\ndata: {\"listId\":\"" + listId + "\"}\n\n"));
    }

    /** The server ends the stream on purpose: {@code reason} is one of a few fixed words. */
    void closed(String reason) throws IOException {
        out.write(ascii("event: closed\ndata: {\"reason\":\"" + reason + "\"}\n\n"));
    }

    void flush() throws IOException {
        out.flush();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
