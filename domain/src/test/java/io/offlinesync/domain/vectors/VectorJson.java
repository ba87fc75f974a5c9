package io.offlinesync.domain.vectors;

import static io.offlinesync.domain.vectors.Json.obj;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Register;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.StateDigest;
import io.offlinesync.domain.Stamp;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.VClock;
import io.offlinesync.domain.Write;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The vectors' JSON shapes: log entries exactly as catch-up serves them (PROTOCOL.md; the same fields and order as
 * the protocol module's LogEntryJson), a fold's expectations as the state endpoint shows them, and items with
 * their registers' writes (the EditStamper vectors' input, in the TypeScript port's ItemState shape).
 */
final class VectorJson {

    private VectorJson() {
    }

    // ---- log entries ----

    static Map<String, Object> entry(LogEntry entry) {
        Map<String, Object> out = obj("listVersion", entry.listVersion(), "clientId", entry.clientId(),
                "serverMs", entry.serverMs(), "eventId", entry.eventId(), "clientSeq", entry.clientSeq());
        if (entry.userId() != null) {
            out.put("userId", entry.userId());
        }
        switch (entry) {
            case LogEntry.Accepted a -> {
                out.put("type", a.event().body().type());
                out.put("at", hlc(a.event().at()));
                body(out, a.event().body());
            }
            case LogEntry.Rejected r -> {
                out.put("type", "Rejected");
                out.put("reason", r.reason().wireName());
                if (r.expectedClientSeq() != null) {
                    out.put("expectedClientSeq", r.expectedClientSeq());
                }
                if (r.limit() != null) {
                    out.put("limit", r.limit());
                }
                if (r.foreignClient()) {
                    out.put("foreignClient", true);
                }
            }
        }
        return out;
    }

    private static void body(Map<String, Object> out, EventBody body) {
        switch (body) {
            case EventBody.ListCreated c -> {
                out.put("title", c.title());
                out.put("policy", c.policy().wireName());
            }
            case EventBody.ListRenamed r -> out.put("title", r.title());
            case EventBody.ItemAdded a -> {
                item(out, a.itemId(), a.title(), a.count(), a.vclock());
                if (a.note() != null) {
                    out.put("note", a.note());
                }
            }
            case EventBody.ItemRenamed r -> item(out, r.itemId(), r.title(), r.count(), r.vclock());
            case EventBody.ItemCompleted c -> item(out, c.itemId(), null, c.count(), c.vclock());
            case EventBody.ItemReopened r -> item(out, r.itemId(), null, r.count(), r.vclock());
            case EventBody.ItemDeleted d -> item(out, d.itemId(), null, d.count(), d.vclock());
            case EventBody.MemberAdded a -> {
                out.put("member", a.member());
                out.put("role", a.role().wireName());
            }
            case EventBody.MemberRemoved r -> out.put("member", r.member());
        }
    }

    private static void item(Map<String, Object> out, String itemId, String title, long count, VClock vclock) {
        out.put("itemId", itemId);
        if (title != null) {
            out.put("title", title);
        }
        out.put("count", count);
        out.put("vclock", clock(vclock));
    }

    static Map<String, Object> hlc(Hlc at) {
        return obj("ms", at.ms(), "n", at.n());
    }

    static Map<String, Object> clock(VClock vclock) {
        return new LinkedHashMap<>(vclock.entries());
    }

    @SuppressWarnings("unchecked")
    static LogEntry readEntry(Object tree) {
        Map<String, Object> e = (Map<String, Object>) tree;
        long listVersion = (Long) e.get("listVersion");
        String clientId = (String) e.get("clientId");
        long serverMs = (Long) e.get("serverMs");
        String eventId = (String) e.get("eventId");
        long clientSeq = (Long) e.get("clientSeq");
        String userId = (String) e.get("userId");
        String type = (String) e.get("type");
        if (type.equals("Rejected")) {
            RejectReason reason = RejectReason.fromWireName((String) e.get("reason")).orElseThrow();
            return new LogEntry.Rejected(listVersion, clientId, serverMs, eventId, clientSeq, reason,
                    (Long) e.get("expectedClientSeq"), (String) e.get("limit"), userId,
                    Boolean.TRUE.equals(e.get("foreignClient")));
        }
        Map<String, Object> at = (Map<String, Object>) e.get("at");
        ClientEvent event = new ClientEvent(eventId, clientSeq, new Hlc((Long) at.get("ms"), (Long) at.get("n")),
                readBody(type, e));
        return new LogEntry.Accepted(listVersion, clientId, serverMs, event, userId);
    }

    private static EventBody readBody(String type, Map<String, Object> e) {
        String itemId = (String) e.get("itemId");
        String title = (String) e.get("title");
        long count = e.containsKey("count") ? (Long) e.get("count") : 0;
        VClock vclock = e.containsKey("vclock") ? readClock(e.get("vclock")) : null;
        return switch (type) {
            case "ListCreated" -> new EventBody.ListCreated(title, Policy.fromWireName((String) e.get("policy")).orElseThrow());
            case "ListRenamed" -> new EventBody.ListRenamed(title);
            case "ItemAdded" -> new EventBody.ItemAdded(itemId, title, count, vclock, (String) e.get("note"));
            case "ItemRenamed" -> new EventBody.ItemRenamed(itemId, title, count, vclock);
            case "ItemCompleted" -> new EventBody.ItemCompleted(itemId, count, vclock);
            case "ItemReopened" -> new EventBody.ItemReopened(itemId, count, vclock);
            case "ItemDeleted" -> new EventBody.ItemDeleted(itemId, count, vclock);
            case "MemberAdded" -> new EventBody.MemberAdded((String) e.get("member"),
                    Role.fromWireName((String) e.get("role")).orElseThrow());
            case "MemberRemoved" -> new EventBody.MemberRemoved((String) e.get("member"));
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    @SuppressWarnings("unchecked")
    static VClock readClock(Object tree) {
        Map<String, Long> entries = new TreeMap<>();
        ((Map<String, Object>) tree).forEach((k, v) -> entries.put(k, (Long) v));
        return new VClock(entries);
    }

    // ---- what a fold shows ----

    /** A fold's expectations: what the state endpoint shows of it, its canonical text and its digest. */
    static Map<String, Object> expected(TodoList list) {
        List<Object> items = new ArrayList<>();
        for (Item item : list.visibleItems()) {
            Map<String, Object> conflicts = new LinkedHashMap<>();
            item.conflicts().forEach((register, values) -> conflicts.put(register, new ArrayList<>(values)));
            items.add(obj("itemId", item.itemId(), "title", item.title().value(), "completed", item.done(),
                    "conflicts", conflicts));
        }
        Map<String, Object> members = new LinkedHashMap<>();
        list.members().forEach((user, role) -> members.put(user, role.wireName()));
        return obj("created", list.created(), "title", list.title(), "policy", list.policy().wireName(),
                "listVersion", list.listVersion(), "clientSeqs", new LinkedHashMap<>(list.clientSeqs()),
                "members", members, "items", items, "canonical", StateDigest.canonical(list),
                "digest", StateDigest.of(list));
    }

    // ---- items with their registers (EditStamper vectors) ----

    static Map<String, Object> itemState(Item item) {
        return obj("itemId", item.itemId(), "addedVersion", item.addedVersion(),
                "deletedVersion", item.deletedVersion(), "title", writes(item.title()),
                "completed", writes(item.completed()));
    }

    private static List<Object> writes(Register<?> register) {
        List<Object> out = new ArrayList<>();
        for (Write<?> w : register.writes()) {
            out.add(obj("value", w.value(), "at", hlc(w.stamp().at()), "clientId", w.stamp().clientId(),
                    "count", w.count(), "vclock", clock(w.vclock()), "listVersion", w.listVersion()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Item readItem(Object tree) {
        Map<String, Object> m = (Map<String, Object>) tree;
        return new Item((String) m.get("itemId"), (Long) m.get("addedVersion"), (Long) m.get("deletedVersion"),
                readRegister(m.get("title")), readRegister(m.get("completed")));
    }

    @SuppressWarnings("unchecked")
    private static <T> Register<T> readRegister(Object tree) {
        List<Write<T>> writes = new ArrayList<>();
        for (Object o : (List<Object>) tree) {
            Map<String, Object> w = (Map<String, Object>) o;
            Map<String, Object> at = (Map<String, Object>) w.get("at");
            writes.add(new Write<>((T) w.get("value"),
                    new Stamp(new Hlc((Long) at.get("ms"), (Long) at.get("n")), (String) w.get("clientId")),
                    (Long) w.get("count"), readClock(w.get("vclock")), (Long) w.get("listVersion")));
        }
        return new Register<>(writes);
    }

    static Map<String, Object> stamped(EventBody.ItemEvent event) {
        return obj("count", event.count(), "vclock", clock(event.vclock()));
    }
}
