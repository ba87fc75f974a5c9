package io.offlinesync.client;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A list's state as the query-api serves it under a projection, read into a JSON map in the server's key order. */
final class ServerStates {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private ServerStates() {
    }

    static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the query-api sent a list's state that is not a JSON object", e);
        }
    }
}
