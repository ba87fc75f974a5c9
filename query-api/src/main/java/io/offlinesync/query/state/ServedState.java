package io.offlinesync.query.state;

import io.offlinesync.domain.projection.ListFacts;
import io.offlinesync.schemas.avro.SourcePosition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A list's state as one projection stored it, decoded: what the platform knows of every state ({@link ListFacts},
 * its position in todo.events) and the projection's own view of it.
 *
 * @param state the projection's decoded state (a {@code TodoList} for v1 and v2)
 */
public record ServedState(String projection, ListFacts facts, SourcePosition source, Object state,
                         Map<String, Object> view) {

    /**
     * The body of {@code GET /v1/lists/{listId}}: {@code listId}, {@code projection}, {@code listVersion},
     * {@code clientSeqs} and {@code source} (the platform's, for every projection), then the projection's view.
     */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("listId", facts.listId());
        body.put("projection", projection);
        body.put("listVersion", facts.listVersion());
        body.put("clientSeqs", facts.clientSeqs());
        if (source != null) {
            Map<String, Object> position = new LinkedHashMap<>(); // in PROTOCOL.md's order
            position.put("topic", source.getTopic());
            position.put("partition", source.getPartition());
            position.put("offset", source.getOffset());
            body.put("source", position);
        }
        body.putAll(view);
        return body;
    }
}
