package io.offlinesync.protocol;

import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.VClock;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
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

    /** The field {@code name} as text, or null when it is absent or null. */
    static String optionalText(JsonNode node, String name) {
        return node.hasNonNull(name) ? text(node, name) : null;
    }

    /** The field {@code name} as an integer, or null when it is absent or null. */
    static Long optionalInteger(JsonNode node, String name) {
        return node.hasNonNull(name) ? integer(node, name) : null;
    }

    /** The field {@code at}: a hybrid logical clock {@code {"ms": ..., "n": ...}}. */
    static Hlc at(JsonNode node) {
        JsonNode at = field(node, "at");
        return new Hlc(integer(at, "ms"), integer(at, "n"));
    }

    /** An object of integers (a vclock, clientSeqs), sorted by key; {@code name} names it in messages. */
    static Map<String, Long> longs(JsonNode node, String name) {
        if (!node.isObject()) {
            throw new MalformedMessageException("field '" + name + "' is not an object");
        }
        Map<String, Long> values = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isIntegralNumber()) {
                throw new MalformedMessageException(name + "." + e.getKey() + " is not an integer");
            }
            values.put(e.getKey(), e.getValue().asLong());
        }
        return values;
    }

    /** The field {@code vclock}. */
    static VClock vclock(JsonNode node) {
        return new VClock(longs(field(node, "vclock"), "vclock"));
    }

    static void writeLongs(JsonGenerator g, String name, Map<String, Long> values) {
        g.writeName(name);
        g.writeStartObject();
        for (Map.Entry<String, Long> e : values.entrySet()) {
            g.writeNumberProperty(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    static Policy policy(String name) {
        return Policy.fromWireName(name)
                .orElseThrow(() -> new MalformedMessageException("unknown policy '" + name + "'"));
    }

    static Role role(String name) {
        return Role.fromWireName(name)
                .orElseThrow(() -> new MalformedMessageException("unknown role '" + name + "'"));
    }
}
