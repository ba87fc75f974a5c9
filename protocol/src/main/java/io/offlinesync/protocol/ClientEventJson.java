package io.offlinesync.protocol;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.VClock;
import java.io.StringWriter;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Events as a device writes them: the push request body of {@code POST /v1/lists/{listId}/events}.
 * (The gateway reads them with the strict {@link PushReader}, which names every bad field.)
 */
public final class ClientEventJson {

    private ClientEventJson() {
    }

    /** The push request body: {@code {"clientId": ..., "events": [...]}}. */
    public static String pushRequest(String clientId, List<ClientEvent> events) {
        StringWriter out = new StringWriter(64 + events.size() * 200);
        try (JsonGenerator g = ProtocolJson.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("clientId", clientId);
            g.writeName("events");
            g.writeStartArray();
            for (ClientEvent event : events) {
                write(g, event);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toString();
    }

    /** One event as {@link #write(JsonGenerator, ClientEvent)} wrote it (a device's own queue). */
    public static String write(ClientEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = ProtocolJson.MAPPER.createGenerator(out)) {
            write(g, event);
        }
        return out.toString();
    }

    /** Reads one event back: the fields of the push request's {@code events[i]}. */
    public static ClientEvent read(String json) {
        JsonNode node = ProtocolJson.parse(json);
        if (!node.isObject()) {
            throw new MalformedMessageException("an event must be a JSON object");
        }
        return new ClientEvent(ProtocolJson.text(node, "eventId"), ProtocolJson.integer(node, "clientSeq"),
                ProtocolJson.at(node), LogEntryJson.body(ProtocolJson.text(node, "type"), node));
    }

    public static void write(JsonGenerator g, ClientEvent event) {
        g.writeStartObject();
        g.writeStringProperty("eventId", event.eventId());
        g.writeNumberProperty("clientSeq", event.clientSeq());
        g.writeStringProperty("type", event.body().type());
        writeAt(g, event.at());
        writeBody(g, event.body());
        g.writeEndObject();
    }

    static void writeAt(JsonGenerator g, Hlc at) {
        g.writeName("at");
        g.writeStartObject();
        g.writeNumberProperty("ms", at.ms());
        g.writeNumberProperty("n", at.n());
        g.writeEndObject();
    }

    /** The type's own fields (PROTOCOL.md, "Types and their own fields"). */
    static void writeBody(JsonGenerator g, EventBody body) {
        switch (body) {
            case EventBody.ListCreated c -> {
                g.writeStringProperty("title", c.title());
                g.writeStringProperty("policy", c.policy().wireName());
            }
            case EventBody.ListRenamed r -> g.writeStringProperty("title", r.title());
            case EventBody.ItemAdded a -> {
                writeItem(g, a.itemId(), a.title(), a.count(), a.vclock());
                if (a.note() != null) {
                    g.writeStringProperty("note", a.note());
                }
            }
            case EventBody.ItemRenamed r -> writeItem(g, r.itemId(), r.title(), r.count(), r.vclock());
            case EventBody.ItemCompleted c -> writeItem(g, c.itemId(), null, c.count(), c.vclock());
            case EventBody.ItemReopened r -> writeItem(g, r.itemId(), null, r.count(), r.vclock());
            case EventBody.ItemDeleted d -> writeItem(g, d.itemId(), null, d.count(), d.vclock());
            case EventBody.MemberAdded a -> {
                g.writeStringProperty("member", a.member());
                g.writeStringProperty("role", a.role().wireName());
            }
            case EventBody.MemberRemoved r -> g.writeStringProperty("member", r.member());
        }
    }

    private static void writeItem(JsonGenerator g, String itemId, String title, long count, VClock vclock) {
        g.writeStringProperty("itemId", itemId);
        if (title != null) {
            g.writeStringProperty("title", title);
        }
        g.writeNumberProperty("count", count);
        ProtocolJson.writeLongs(g, "vclock", vclock.entries());
    }
}
