package io.offlinesync.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one Jackson mapper of this module, and the strict field readers shared by its decoders. */
final class ProtocolJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProtocolJson() {
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new MalformedMessageException("missing field '" + name + "'");
        }
        return value;
    }

    static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isString()) {
            throw new MalformedMessageException("field '" + name + "' is not a string");
        }
        return value.asString();
    }

    static long integer(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedMessageException("field '" + name + "' is not an integer");
        }
        return value.asLong();
    }

    static boolean bool(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isBoolean()) {
            throw new MalformedMessageException("field '" + name + "' is not a boolean");
        }
        return value.asBoolean();
    }
}
