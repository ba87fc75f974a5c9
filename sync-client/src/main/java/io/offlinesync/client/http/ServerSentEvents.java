package io.offlinesync.client.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code text/event-stream} (the HTML standard's server-sent events) from a response body: lines ended by
 * LF, CRLF or CR; {@code field: value} lines; comments ({@code :...}) skipped; a blank line ends an event, which is
 * dispatched only if it had a {@code data} line (as a browser does; every event of the protocol has one). Lines are
 * bounded ({@link #MAX_LINE} bytes, an {@link IOException} beyond), so a broken server cannot fill the heap.
 * Not thread-safe: one reader per stream.
 */
public final class ServerSentEvents implements AutoCloseable {

    /** Longer than any entry the query-api sends (a catch-up page of 1,000 entries fits several times over). */
    public static final int MAX_LINE = 8 * 1024 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int pos;
    private int limit;
    private boolean skipLf; // the last line ended with CR: a LF right after it belongs to it

    public ServerSentEvents(InputStream in) {
        this.in = in;
    }

    /** The next complete event, blocking until it arrives; null at the end of the stream (a partial event is dropped). */
    public ServerSentEvent next() throws IOException {
        String event = null;
        String id = null;
        StringBuilder data = null;
        String line;
        while ((line = readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new ServerSentEvent(event == null || event.isEmpty() ? "message" : event, id, data.toString());
                }
                event = null; // an event without data is not dispatched
                continue;
            }
            if (line.startsWith(":")) {
                continue; // a comment: some servers and proxies send them to keep the connection alive
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(line.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
            switch (field) {
                case "event" -> event = value;
                case "id" -> id = value.indexOf('\0') < 0 ? value : id;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { } // "retry" and unknown fields: the SDK keeps its own reconnection policy
            }
        }
        return null;
    }

    /** Whether bytes are at hand without blocking (used to apply what has arrived in one go). */
    public boolean ready() throws IOException {
        if (skipLf && pos < limit && buffer[pos] == '\n') {
            skipLf = false;
            pos++; // the rest of a CRLF is no news
        }
        return pos < limit || in.available() > 0;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = null;
        while (true) {
            if (pos == limit && !fill()) {
                return line == null ? null : decode(line); // the end of the stream ends the line
            }
            if (skipLf) {
                skipLf = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n' && buffer[pos] != '\r') {
                pos++;
            }
            if (line == null) {
                line = new ByteArrayOutputStream(Math.max(64, pos - start));
            }
            line.write(buffer, start, pos - start);
            if (line.size() > MAX_LINE) {
                throw new IOException("a line of the event stream is longer than " + MAX_LINE + " bytes");
            }
            if (pos < limit) {
                skipLf = buffer[pos] == '\r';
                pos++;
                return decode(line);
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private static String decode(ByteArrayOutputStream line) {
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
