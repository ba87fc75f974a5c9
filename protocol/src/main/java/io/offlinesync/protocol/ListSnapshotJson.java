package io.offlinesync.protocol;

import io.offlinesync.domain.Item;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Register;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.Stamp;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.Write;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * The state endpoint's {@code registers=true} extension (query-api README): the list state of PROTOCOL.md
 * plus a {@code registers} object holding everything {@link TodoList#restore} needs, so a joining device
 * can fold the log's tail onto it. One codec for the server (query-api) and the device (sync-client).
 * Reading streams the big arrays, so a list of 100,000 items does not become one huge JSON tree.
 */
public final class ListSnapshotJson {

    /** Where in todo.events the state was folded up to (the state endpoint's {@code source}). */
    public record Source(String topic, int partition, long offset) {}

    private ListSnapshotJson() {
    }

    /** The state body with registers; {@code projection} and {@code source} may be null (left out). */
    public static String write(TodoList list, String projection, Source source) {
        if (!list.created()) {
            throw new IllegalArgumentException("list " + list.listId() + " has no state to serve (no ListCreated)");
        }
        StringWriter out = new StringWriter(256 + list.allItems().size() * 400);
        try (JsonGenerator g = ProtocolJson.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("listId", list.listId());
            g.writeStringProperty("title", list.title());
            g.writeStringProperty("policy", list.policy().wireName());
            g.writeNumberProperty("listVersion", list.listVersion());
            if (projection != null) {
                g.writeStringProperty("projection", projection);
            }
            if (source != null) {
                g.writeName("source");
                g.writeStartObject();
                g.writeStringProperty("topic", source.topic());
                g.writeNumberProperty("partition", source.partition());
                g.writeNumberProperty("offset", source.offset());
                g.writeEndObject();
            }
            ProtocolJson.writeLongs(g, "clientSeqs", list.clientSeqs());
            writeMembers(g, list.members());
            writeVisibleItems(g, list);
            writeRegisters(g, list);
            g.writeEndObject();
        }
        return out.toString();
    }

    /** Protocol v1.1's {@code members}: user id -> role name, by user id. */
    public static void writeMembers(JsonGenerator g, Map<String, Role> members) {
        g.writeName("members");
        g.writeStartObject();
        for (Map.Entry<String, Role> e : members.entrySet()) {
            g.writeStringProperty(e.getKey(), e.getValue().wireName());
        }
        g.writeEndObject();
    }

    /** PROTOCOL.md's {@code items}: the shown items, exactly as the plain state endpoint lists them. */
    private static void writeVisibleItems(JsonGenerator g, TodoList list) {
        g.writeName("items");
        g.writeStartArray();
        for (Item item : list.visibleItems()) {
            g.writeStartObject();
            g.writeStringProperty("itemId", item.itemId());
            g.writeStringProperty("title", item.title().value());
            g.writeBooleanProperty("completed", !item.completed().isEmpty() && item.completed().value());
            g.writeName("conflicts");
            g.writeStartObject();
            for (Map.Entry<String, List<Object>> c : item.conflicts().entrySet()) {
                g.writeName(c.getKey());
                g.writeStartArray();
                for (Object v : c.getValue()) {
                    if (v instanceof Boolean b) {
                        g.writeBoolean(b);
                    } else {
                        g.writeString(v.toString());
                    }
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Every item the list knows, tombstones too (a later write to them must stay without effect). */
    private static void writeRegisters(JsonGenerator g, TodoList list) {
        g.writeName("registers");
        g.writeStartObject();
        g.writeName("titleStamp");
        writeStamp(g, list.titleStamp());
        g.writeNumberProperty("foldedEntries", list.foldedEntries());
        g.writeName("items");
        g.writeStartArray();
        for (Item item : list.allItems()) {
            g.writeStartObject();
            g.writeStringProperty("itemId", item.itemId());
            g.writeNumberProperty("addedVersion", item.addedVersion());
            if (item.deletedVersion() != null) {
                g.writeNumberProperty("deletedVersion", item.deletedVersion());
            }
            writeWrites(g, "title", item.title(), g::writeString);
            writeWrites(g, "completed", item.completed(), g::writeBoolean);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private interface ValueWriter<T> {
        void write(T value);
    }

    private static <T> void writeWrites(JsonGenerator g, String name, Register<T> register, ValueWriter<T> value) {
        g.writeName(name);
        g.writeStartArray();
        for (Write<T> w : register.writes()) {
            g.writeStartObject();
            g.writeName("value");
            value.write(w.value());
            ClientEventJson.writeAt(g, w.stamp().at());
            g.writeStringProperty("clientId", w.stamp().clientId());
            g.writeNumberProperty("count", w.count());
            ProtocolJson.writeLongs(g, "vclock", w.vclock().entries());
            g.writeNumberProperty("listVersion", w.listVersion());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeStamp(JsonGenerator g, Stamp stamp) {
        g.writeStartObject();
        ClientEventJson.writeAt(g, stamp.at());
        g.writeStringProperty("clientId", stamp.clientId());
        g.writeEndObject();
    }

    // ---- reading ------------------------------------------------------------------------------------

    /**
     * The list a state body with registers restores to; empty when the body has no {@code registers} (a
     * server without the extension answered). Malformed input throws {@link MalformedMessageException}.
     */
    public static Optional<TodoList> read(String json) {
        try (JsonParser p = ProtocolJson.MAPPER.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedMessageException("a list state must be a JSON object");
            }
            String listId = null;
            String title = null;
            Policy policy = null;
            Long listVersion = null;
            Map<String, Long> clientSeqs = null;
            Map<String, Role> members = Map.of(); // an older server sends none
            RegisterSection registers = null;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "listId" -> listId = ProtocolJson.text(wrap(name, tree(p)), name);
                    case "title" -> title = ProtocolJson.text(wrap(name, tree(p)), name);
                    case "policy" -> policy = ProtocolJson.policy(ProtocolJson.text(wrap(name, tree(p)), name));
                    case "listVersion" -> listVersion = ProtocolJson.integer(wrap(name, tree(p)), name);
                    case "clientSeqs" -> clientSeqs = ProtocolJson.longs(tree(p), name);
                    case "members" -> members = members(tree(p));
                    case "registers" -> registers = registers(p);
                    default -> p.skipChildren(); // the shown items, source, fields of newer servers
                }
            }
            if (registers == null) {
                return Optional.empty();
            }
            require(listId, "listId");
            require(title, "title");
            require(policy, "policy");
            require(listVersion, "listVersion");
            require(clientSeqs, "clientSeqs");
            return Optional.of(TodoList.restore(listId, true, title, registers.titleStamp(), policy, listVersion,
                    registers.foldedEntries(), clientSeqs, registers.items(), members));
        } catch (tools.jackson.core.JacksonException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private record RegisterSection(Stamp titleStamp, long foldedEntries, List<Item> items) {}

    private static RegisterSection registers(JsonParser p) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedMessageException("field 'registers' is not an object");
        }
        Stamp titleStamp = null;
        Long folded = null;
        List<Item> items = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "titleStamp" -> titleStamp = stamp(tree(p));
                case "foldedEntries" -> folded = ProtocolJson.integer(wrap(name, tree(p)), name);
                case "items" -> {
                    if (p.currentToken() != JsonToken.START_ARRAY) {
                        throw new MalformedMessageException("field 'registers.items' is not an array");
                    }
                    items = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        items.add(item(tree(p))); // one small tree per item, never the whole list
                    }
                }
                default -> p.skipChildren();
            }
        }
        require(titleStamp, "registers.titleStamp");
        require(folded, "registers.foldedEntries");
        require(items, "registers.items");
        return new RegisterSection(titleStamp, folded, items);
    }

    private static Item item(JsonNode node) {
        if (!node.isObject()) {
            throw new MalformedMessageException("an item of 'registers.items' must be a JSON object");
        }
        Long deleted = ProtocolJson.optionalInteger(node, "deletedVersion");
        return new Item(ProtocolJson.text(node, "itemId"), ProtocolJson.integer(node, "addedVersion"), deleted,
                register(node, "title", v -> {
                    if (!v.isString()) {
                        throw new MalformedMessageException("a title write's 'value' is not a string");
                    }
                    return v.asString();
                }),
                register(node, "completed", v -> {
                    if (!v.isBoolean()) {
                        throw new MalformedMessageException("a completed write's 'value' is not a boolean");
                    }
                    return v.asBoolean();
                }));
    }

    private static <T> Register<T> register(JsonNode item, String name, Function<JsonNode, T> value) {
        JsonNode array = ProtocolJson.field(item, name);
        if (!array.isArray()) {
            throw new MalformedMessageException("field '" + name + "' is not an array");
        }
        List<Write<T>> writes = new ArrayList<>(array.size());
        for (JsonNode w : array) {
            Stamp stamp = stamp(w);
            writes.add(new Write<>(value.apply(ProtocolJson.field(w, "value")), stamp,
                    ProtocolJson.integer(w, "count"), ProtocolJson.vclock(w), ProtocolJson.integer(w, "listVersion")));
        }
        return new Register<>(writes);
    }

    private static Stamp stamp(JsonNode node) {
        return new Stamp(ProtocolJson.at(node), ProtocolJson.text(node, "clientId"));
    }

    /** A state's {@code members}: an object of user id -> role name. */
    static Map<String, Role> members(JsonNode node) {
        if (!node.isObject()) {
            throw new MalformedMessageException("field 'members' is not an object");
        }
        Map<String, Role> members = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isString()) {
                throw new MalformedMessageException("members." + e.getKey() + " is not a role name");
            }
            members.put(e.getKey(), ProtocolJson.role(e.getValue().asString()));
        }
        return members;
    }

    private static JsonNode tree(JsonParser p) {
        JsonNode node = p.readValueAsTree();
        return node == null ? ProtocolJson.MAPPER.nullNode() : node;
    }

    /** A scalar as a one-field object, so the strict field readers name it in their messages. */
    private static JsonNode wrap(String name, JsonNode value) {
        return ProtocolJson.MAPPER.createObjectNode().set(name, value);
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new MalformedMessageException("missing field '" + name + "'");
        }
    }
}
