package io.offlinesync.protocol;

import io.offlinesync.domain.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * One page of {@code GET /v1/lists/{listId}/events} as a device reads it (PROTOCOL.md, Catch-up).
 * {@code next} is the cursor for the following call; {@code clientSeqs} the last consumed clientSeq per client.
 */
public record CatchUpPage(String listId, long head, long next, boolean upToDate, Map<String, Long> clientSeqs,
                          List<LogEntry> events) {

    public CatchUpPage {
        clientSeqs = Map.copyOf(clientSeqs);
        events = List.copyOf(events);
    }

    public static CatchUpPage read(String json) {
        JsonNode node = ProtocolJson.parse(json);
        if (!node.isObject()) {
            throw new MalformedMessageException("a catch-up page must be a JSON object");
        }
        Map<String, Long> seqs = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : ProtocolJson.field(node, "clientSeqs").properties()) {
            seqs.put(e.getKey(), e.getValue().asLong());
        }
        JsonNode array = ProtocolJson.field(node, "events");
        if (!array.isArray()) {
            throw new MalformedMessageException("field 'events' is not an array");
        }
        List<LogEntry> events = new ArrayList<>(array.size());
        for (JsonNode event : array) {
            events.add(LogEntryJson.read(event));
        }
        return new CatchUpPage(ProtocolJson.text(node, "listId"), ProtocolJson.integer(node, "head"),
                ProtocolJson.integer(node, "next"), ProtocolJson.bool(node, "upToDate"), seqs, events);
    }
}
