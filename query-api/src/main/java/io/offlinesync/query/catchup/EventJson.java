package io.offlinesync.query.catchup;

import io.offlinesync.schemas.avro.Hlc;
import io.offlinesync.schemas.avro.ItemAdded;
import io.offlinesync.schemas.avro.ItemCompleted;
import io.offlinesync.schemas.avro.ItemDeleted;
import io.offlinesync.schemas.avro.ItemRenamed;
import io.offlinesync.schemas.avro.ItemReopened;
import io.offlinesync.schemas.avro.ListCreated;
import io.offlinesync.schemas.avro.ListRenamed;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.Rejected;
import java.io.StringWriter;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/** Renders a log entry as the catch-up endpoint serves it (PROTOCOL.md), once, when it is indexed. */
final class EventJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventJson() {
    }

    static String render(LogEntry entry) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberProperty("listVersion", entry.getListVersion());
            g.writeStringProperty("clientId", entry.getClientId());
            g.writeNumberProperty("serverMs", entry.getServerMs());
            g.writeStringProperty("eventId", entry.getEventId());
            g.writeNumberProperty("clientSeq", entry.getClientSeq());
            g.writeStringProperty("type", entry.getBody().getClass().getSimpleName());
            if (entry.getAt() != null) {
                writeAt(g, entry.getAt());
            }
            switch (entry.getBody()) {
                case ListCreated c -> {
                    g.writeStringProperty("title", c.getTitle());
                    g.writeStringProperty("policy", c.getPolicy().name());
                }
                case ListRenamed r -> g.writeStringProperty("title", r.getTitle());
                case ItemAdded a -> writeItem(g, a.getItemId(), a.getTitle(), a.getCount(), a.getVclock());
                case ItemRenamed r -> writeItem(g, r.getItemId(), r.getTitle(), r.getCount(), r.getVclock());
                case ItemCompleted c -> writeItem(g, c.getItemId(), null, c.getCount(), c.getVclock());
                case ItemReopened r -> writeItem(g, r.getItemId(), null, r.getCount(), r.getVclock());
                case ItemDeleted d -> writeItem(g, d.getItemId(), null, d.getCount(), d.getVclock());
                case Rejected r -> {
                    g.writeStringProperty("reason", r.getReason());
                    if (r.getExpectedClientSeq() != null) {
                        g.writeNumberProperty("expectedClientSeq", r.getExpectedClientSeq());
                    }
                }
                default -> throw new IllegalArgumentException("unknown entry body " + entry.getBody().getClass());
            }
            g.writeEndObject();
        }
        return out.toString();
    }

    private static void writeAt(JsonGenerator g, Hlc at) {
        g.writeName("at");
        g.writeStartObject();
        g.writeNumberProperty("ms", at.getMs());
        g.writeNumberProperty("n", at.getN());
        g.writeEndObject();
    }

    private static void writeItem(JsonGenerator g, String itemId, String title, long count, Map<String, Long> vclock) {
        g.writeStringProperty("itemId", itemId);
        if (title != null) {
            g.writeStringProperty("title", title);
        }
        g.writeNumberProperty("count", count);
        g.writeName("vclock");
        g.writeStartObject();
        for (Map.Entry<String, Long> e : vclock.entrySet()) {
            g.writeNumberProperty(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
