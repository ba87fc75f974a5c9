package io.offlinesync.protocol;

import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A list's state as {@code GET /v1/lists/{listId}} serves it (PROTOCOL.md, State): what a device shows
 * before it has the list's log. It carries no per-register stamps, so it cannot be folded further.
 * {@code members} (protocol v1.1: user id -> role) is empty when the server sent none (an older server, or a list
 * created without a user).
 */
public record ListState(String listId, String title, Policy policy, long listVersion, Map<String, Long> clientSeqs,
                        List<ItemState> items, Map<String, Role> members) {

    /** One visible item; {@code conflicts} maps a register name to its distinct sibling values. */
    public record ItemState(String itemId, String title, boolean completed, Map<String, List<Object>> conflicts) {
        public ItemState {
            conflicts = Map.copyOf(conflicts);
        }
    }

    public ListState {
        clientSeqs = Map.copyOf(clientSeqs);
        items = List.copyOf(items);
        members = Map.copyOf(members);
    }

    public static ListState read(String json) {
        JsonNode node = ProtocolJson.parse(json);
        if (!node.isObject()) {
            throw new MalformedMessageException("a list state must be a JSON object");
        }
        Policy policy = ProtocolJson.policy(ProtocolJson.text(node, "policy"));
        Map<String, Long> seqs = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : ProtocolJson.field(node, "clientSeqs").properties()) {
            seqs.put(e.getKey(), e.getValue().asLong());
        }
        List<ItemState> items = new ArrayList<>();
        for (JsonNode item : ProtocolJson.field(node, "items")) {
            Map<String, List<Object>> conflicts = new LinkedHashMap<>();
            JsonNode c = item.get("conflicts");
            if (c != null && c.isObject()) {
                for (Map.Entry<String, JsonNode> e : c.properties()) {
                    List<Object> values = new ArrayList<>();
                    e.getValue().forEach(v -> values.add(v.isBoolean() ? v.asBoolean() : v.asString()));
                    conflicts.put(e.getKey(), values);
                }
            }
            items.add(new ItemState(ProtocolJson.text(item, "itemId"), ProtocolJson.text(item, "title"),
                    ProtocolJson.bool(item, "completed"), conflicts));
        }
        return new ListState(ProtocolJson.text(node, "listId"), ProtocolJson.text(node, "title"), policy,
                ProtocolJson.integer(node, "listVersion"), seqs, items,
                node.has("members") ? ListSnapshotJson.members(node.get("members")) : Map.of());
    }
}
