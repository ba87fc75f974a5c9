package io.offlinesync.query.web;

import io.offlinesync.query.catchup.CatchUpQuery;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a catch-up page as UTF-8 bytes; the entries are already JSON bytes and are copied as they are
 * (the page's fields are written by Jackson, the events array is joined by hand around them).
 */
final class CatchUpJson {

    /** Closing the generator must not close the page's object: the events array is appended after it. */
    private static final JsonMapper JSON = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_CONTENT).build();
    private static final byte[] EVENTS = ",\"events\":[".getBytes(StandardCharsets.US_ASCII);

    private CatchUpJson() {
    }

    static byte[] render(CatchUpQuery.Page page) {
        return render(page, null);
    }

    /** With {@code "fenceReached"} after {@code clientSeqs} unless {@code fenceReached} is null (a read with waitFor). */
    static byte[] render(CatchUpQuery.Page page, Boolean fenceReached) {
        int size = 160 + page.events().size();
        for (byte[] event : page.events()) {
            size += event.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
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
            if (fenceReached != null) {
                g.writeBooleanProperty("fenceReached", fenceReached);
            }
            // the outer object stays open: the events follow
        }
        out.writeBytes(EVENTS);
        boolean first = true;
        for (byte[] event : page.events()) {
            if (!first) {
                out.write(',');
            }
            out.writeBytes(event);
            first = false;
        }
        out.write(']');
        out.write('}');
        return out.toByteArray();
    }
}
