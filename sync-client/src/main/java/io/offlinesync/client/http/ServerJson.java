package io.offlinesync.client.http;

import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON the SDK's servers send, read with one mapper: leniently where a body may be anything (a proxy's error
 * page, an older server), strictly where the protocol promises JSON.
 */
public final class ServerJson {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ServerJson() {
    }

    /** {@code body} read as JSON; the missing node when it is none or not JSON. */
    public static JsonNode orMissing(String body) {
        try {
            JsonNode node = MAPPER.readTree(body == null ? "" : body);
            return node == null ? MAPPER.missingNode() : node;
        } catch (RuntimeException notJson) {
            return MAPPER.missingNode();
        }
    }

    /** {@code body} read by {@code reader}; a body it cannot read is the query-api's fault, {@code what} says whose. */
    public static <T> T fromQuery(String body, String what, Function<String, T> reader) {
        try {
            return reader.apply(body);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the query-api sent " + what + " that is not JSON", e);
        }
    }
}
