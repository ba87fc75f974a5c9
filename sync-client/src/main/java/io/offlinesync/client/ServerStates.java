package io.offlinesync.client;

import io.offlinesync.client.http.ServerJson;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/** A list's state as the query-api serves it under a projection, read into a JSON map in the server's key order. */
final class ServerStates {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private ServerStates() {
    }

    static Map<String, Object> read(String json) {
        return ServerJson.fromQuery(json, "a list's state", body -> ServerJson.MAPPER.readValue(body, MAP));
    }
}
