package io.offlinesync.query.web;

import io.offlinesync.query.catchup.CatchUpQuery;
import java.io.StringWriter;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/** Writes a catch-up page; the entries are already JSON and are copied as they are. */
final class CatchUpJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CatchUpJson() {
    }

    static String render(CatchUpQuery.Page page) {
        StringWriter out = new StringWriter(128 + page.events().size() * 256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("listId", page.listId());
            g.writeNumberProperty("head", page.head());
            g.writeNumberProperty("next", page.next());
            g.writeBooleanProperty("upToDate", page.upToDate());
            g.writeName("clientSeqs");
            g.writeStartObject();
            for (Map.Entry<String, Long> e : page.clientSeqs().entrySet()) {
                g.writeNumberProperty(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeName("events");
            g.writeStartArray();
            for (String event : page.events()) {
                g.writeRawValue(event);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toString();
    }
}
