package io.offlinesync.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code text/event-stream} reader: framing as the HTML standard has it, bounded lines. */
class ServerSentEventsTest {

    private static List<ServerSentEvent> read(String text) throws IOException {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<ServerSentEvent> read(InputStream in) throws IOException {
        List<ServerSentEvent> events = new ArrayList<>();
        try (ServerSentEvents reader = new ServerSentEvents(in)) {
            for (ServerSentEvent e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
        }
        return events;
    }

    @Test
    void readsTheStreamsEventsWithTheirNamesIdsAndData() throws IOException {
        assertThat(read("event: heartbeat\ndata: {}\n\n"
                + "event: entry\nid: g:7\ndata: {\"listId\":\"g\",\"listVersion\":7}\n\n"
                + "event: removed\ndata: {\"listId\": \"h\"}\n\n")).containsExactly(
                new ServerSentEvent("heartbeat", null, "{}"),
                new ServerSentEvent("entry", "g:7", "{\"listId\":\"g\",\"listVersion\":7}"),
                new ServerSentEvent("removed", null, "{\"listId\": \"h\"}"));
    }

    @Test
    void acceptsEveryLineEndingCommentsFieldsWithoutASpaceAndDataOnSeveralLines() throws IOException {
        assertThat(read(": keep-alive\r\nevent:entry\r\ndata: a\rdata:b\r\nretry: 10\n\r\n\n\ndata: é ✓\n\n"))
                .containsExactly(new ServerSentEvent("entry", null, "a\nb"), new ServerSentEvent("message", null, "é ✓"));
    }

    @Test
    void anEventWithoutDataIsNotDispatched() throws IOException {
        assertThat(read("event: entry\nid: g:1\n\ndata: {}\n\n")).containsExactly(new ServerSentEvent("message", "g:1", "{}"));
    }

    @Test
    void theRestOfACrLfIsNotTakenForANextEvent() throws IOException {
        try (ServerSentEvents reader = new ServerSentEvents(new ByteArrayInputStream(
                "event: heartbeat\r\ndata: {}\r\n\r\n".getBytes(StandardCharsets.UTF_8)))) {
            assertThat(reader.next()).isEqualTo(new ServerSentEvent("heartbeat", null, "{}"));
            assertThat(reader.ready()).isFalse(); // so what arrived is applied now, not with the next event
        }
    }

    @Test
    void anEventCutOffByTheEndOfTheStreamIsDropped() throws IOException {
        assertThat(read("event: heartbeat\ndata: {}\n\nevent: entry\ndata: {\"listVersion\"")).containsExactly(
                new ServerSentEvent("heartbeat", null, "{}"));
    }

    @Test
    void aLineLongerThanTheBoundIsAnErrorNotAFullHeap() {
        InputStream endless = new InputStream() { // "data: xxxxx..." without an end
            private long sent;

            @Override
            public int read() {
                return sent++ < 6 ? "data: ".charAt((int) sent - 1) : 'x';
            }
        };
        assertThatThrownBy(() -> read(endless)).isInstanceOf(IOException.class).hasMessageContaining("longer than");
    }
}
