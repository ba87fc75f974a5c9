package io.offlinesync.e2e.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Push bodies written field by field (as an ordered list of key and raw JSON value), so a case can drop,
 * repeat, retype or add any field at any level and still be byte-exact about the rest.
 */
final class EventJson {

    /** One member of a JSON object: its key and its value as raw JSON text (which may be broken on purpose). */
    record Field(String key, String json) {}

    private final Random random;
    private final long nowMs;

    EventJson(Random random, long nowMs) {
        this.random = random;
        this.nowMs = nowMs;
    }

    static String object(List<Field> fields) {
        StringBuilder out = new StringBuilder("{");
        for (Field field : fields) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(field.key()).append("\":").append(field.json());
        }
        return out.append('}').toString();
    }

    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                // escaped, so a lone surrogate reaches the server as the JSON escape a hostile client would send
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A version-4 UUID from the seeded random, so a run can be replayed. */
    String eventId() {
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x4000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** The fields every event has: eventId, clientSeq, type, at (a stamp a minute in the past). */
    List<Field> common(long clientSeq, String type) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("eventId", string(eventId())));
        fields.add(new Field("clientSeq", Long.toString(clientSeq)));
        fields.add(new Field("type", string(type)));
        fields.add(new Field("at", object(List.of(new Field("ms", Long.toString(nowMs - 60_000 + clientSeq)),
                new Field("n", "0")))));
        return fields;
    }

    /** A valid event of {@code type} written by {@code clientId}, its own fields after the common ones. */
    List<Field> event(long clientSeq, String type, String clientId) {
        List<Field> fields = common(clientSeq, type);
        String vclock = object(List.of(new Field(clientId, Long.toString(clientSeq))));
        switch (type) {
            case "ListCreated" -> {
                fields.add(new Field("title", string("Groceries")));
                fields.add(new Field("policy", string("lww")));
            }
            case "ListRenamed" -> fields.add(new Field("title", string("Shopping")));
            case "ItemAdded", "ItemRenamed" -> {
                fields.add(new Field("itemId", string("milk")));
                fields.add(new Field("title", string("Buy milk")));
                fields.add(new Field("count", Long.toString(clientSeq)));
                fields.add(new Field("vclock", vclock));
            }
            case "ItemCompleted", "ItemReopened", "ItemDeleted" -> {
                fields.add(new Field("itemId", string("milk")));
                fields.add(new Field("count", Long.toString(clientSeq)));
                fields.add(new Field("vclock", vclock));
            }
            default -> throw new IllegalArgumentException(type);
        }
        return fields;
    }

    static String batch(String clientId, List<String> events) {
        return "{\"clientId\":" + string(clientId) + ",\"events\":[" + String.join(",", events) + "]}";
    }

    /** ListCreated then ItemAdded: the valid batch most cases bend one thing of. */
    String createdAndAdded(String clientId) {
        return batch(clientId, List.of(object(event(1, "ListCreated", clientId)),
                object(event(2, "ItemAdded", clientId))));
    }

    /** Every type once, in an order the sequencer accepts: the fuzzer's seed batch. */
    String everyType(String clientId, String policy) {
        List<String> events = new ArrayList<>();
        String[] types = {"ListCreated", "ItemAdded", "ItemRenamed", "ItemCompleted", "ItemReopened", "ListRenamed",
                "ItemDeleted"};
        for (int i = 0; i < types.length; i++) {
            List<Field> fields = event(i + 1, types[i], clientId);
            if (types[i].equals("ListCreated")) {
                fields.set(fields.size() - 1, new Field("policy", string(policy)));
            }
            events.add(object(fields));
        }
        return batch(clientId, events);
    }

    static List<Field> replace(List<Field> fields, String key, String json) {
        List<Field> out = new ArrayList<>();
        for (Field field : fields) {
            out.add(field.key().equals(key) ? new Field(key, json) : field);
        }
        return out;
    }

    static List<Field> without(List<Field> fields, String key) {
        return fields.stream().filter(f -> !f.key().equals(key)).toList();
    }

    static List<Field> with(List<Field> fields, String key, String json) {
        List<Field> out = new ArrayList<>(fields);
        out.add(new Field(key, json));
        return out;
    }
}
