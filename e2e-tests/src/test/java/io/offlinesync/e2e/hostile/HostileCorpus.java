package io.offlinesync.e2e.hostile;

import io.offlinesync.e2e.hostile.EventJson.Field;
import io.offlinesync.e2e.hostile.HostileCase.RawFraming;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The hand-written hostile pushes, generated from a seed (eventIds) and the clock (stamps in the past): broken
 * JSON at every nesting level, wrong types, number edges, oversized vclocks and titles, bad text, ids at and
 * past 64 characters, duplicate keys, deep nesting, oversized bodies, wrong content types, lying framing,
 * unknown and server-owned fields, and every event type with a field missing or a foreign one added.
 */
public final class HostileCorpus {

    private static final String[] TYPES = {"ListCreated", "ListRenamed", "ItemAdded", "ItemRenamed", "ItemCompleted",
            "ItemReopened", "ItemDeleted"};
    private static final String TWO_53 = "9007199254740992";

    private final EventJson json;
    private final String prefix;
    private final List<HostileCase> cases = new ArrayList<>();

    private HostileCorpus(long seed, long nowMs, String prefix) {
        this.json = new EventJson(new Random(seed), nowMs);
        this.prefix = prefix;
    }

    /** Every hand-written case; each pushes to a list of its own named {@code prefix-<n>}. */
    public static List<HostileCase> cases(long seed, long nowMs, String prefix) {
        HostileCorpus corpus = new HostileCorpus(seed, nowMs, prefix);
        corpus.malformedAtEveryLevel();
        corpus.wrongTypes();
        corpus.numberEdges();
        corpus.vclockWidths();
        corpus.titles();
        corpus.ids();
        corpus.duplicateKeys();
        corpus.deepNesting();
        corpus.oversized();
        corpus.contentTypes();
        corpus.lyingFraming();
        corpus.unknownFields();
        corpus.missingAndForeignFields();
        corpus.batchRules();
        return List.copyOf(corpus.cases);
    }

    private String nextList() {
        return prefix + "-" + cases.size();
    }

    private void add(String name, String body, boolean mustRefuse) {
        cases.add(HostileCase.json(name, nextList(), body, mustRefuse));
    }

    /** A valid batch [ListCreated, ItemAdded] whose ItemAdded is {@code added}. */
    private String withAdded(String clientId, List<Field> added) {
        return EventJson.batch(clientId, List.of(EventJson.object(json.event(1, "ListCreated", clientId)),
                EventJson.object(added)));
    }

    /** Each structural character of a valid batch dropped, doubled or replaced: broken JSON at every level. */
    private void malformedAtEveryLevel() {
        String valid = json.createdAndAdded("mal");
        int taken = 0;
        for (int i = 0; i < valid.length() && taken < 40; i++) {
            char c = valid.charAt(i);
            if ("{}[]:,".indexOf(c) < 0) {
                continue;
            }
            String mutated = switch (taken % 3) {
                case 0 -> valid.substring(0, i) + valid.substring(i + 1);
                case 1 -> valid.substring(0, i) + c + valid.substring(i);
                default -> valid.substring(0, i) + ';' + valid.substring(i + 1);
            };
            add("malformed-" + (taken % 3 == 0 ? "drop" : taken % 3 == 1 ? "double" : "replace") + "-" + c + "@" + i,
                    mutated, true);
            taken++;
        }
        for (int cut : new int[] {1, 14, 30, valid.length() / 2, valid.length() - 2, valid.length() - 1}) {
            add("truncated@" + cut, valid.substring(0, cut), true);
        }
        add("unterminated-string", valid.replace("\"Buy milk\"", "\"Buy milk"), true);
        add("bare-word-value", valid.replace("\"Buy milk\"", "Buy"), true);
        add("raw-newline-in-string", valid.replace("\"Buy milk\"", "\"Buy\nmilk\""), true);
        add("single-quoted", valid.replace('"', '\''), true);
        add("trailing-garbage", valid + "]", true);
        add("two-documents", valid + valid, true);
    }

    /** Every field of an ItemAdded, and the top-level ones, given each JSON type it must not have. */
    private void wrongTypes() {
        String[] values = {"\"x\"", "1", "true", "null", "[]", "{}", "1.5"};
        String[] fields = {"eventId", "clientSeq", "type", "at", "itemId", "title", "count", "vclock"};
        for (String field : fields) {
            for (String value : values) {
                boolean stringField = field.equals("eventId") || field.equals("type") || field.equals("itemId")
                        || field.equals("title");
                if ((stringField && value.startsWith("\"")) || (field.equals("vclock") && value.equals("{}"))
                        || (!stringField && !field.equals("at") && !field.equals("vclock") && value.equals("1"))) {
                    continue;
                }
                List<Field> added = EventJson.replace(json.event(2, "ItemAdded", "typ"), field, value);
                // itemId "x" and title "x" are valid: only other JSON types are wrong for string fields
                add("wrong-type-" + field + "=" + value, withAdded("typ", added), true);
            }
        }
        for (String value : values) {
            add("wrong-type-at.ms=" + value, withAdded("typ", EventJson.replace(json.event(2, "ItemAdded", "typ"),
                    "at", "{\"ms\":" + value + ",\"n\":0}")), !value.equals("1"));
            add("wrong-type-vclock-value=" + value, withAdded("typ", EventJson.replace(
                    json.event(2, "ItemAdded", "typ"), "vclock", "{\"typ\":" + value + "}")), !value.equals("1"));
        }
        for (String value : new String[] {"1", "true", "null", "[]", "{}"}) {
            add("wrong-type-clientId=" + value, json.createdAndAdded("typ").replace("\"clientId\":\"typ\"",
                    "\"clientId\":" + value), true);
        }
        for (String value : new String[] {"1", "\"x\"", "true", "null", "{}"}) {
            add("wrong-type-events=" + value, "{\"clientId\":\"typ\",\"events\":" + value + "}", true);
        }
    }

    /** Integers past 2^53 and 2^63, negative zero, exponents and fractions in every numeric field. */
    private void numberEdges() {
        String[] refused = {"9007199254740993", "9223372036854775807", "9223372036854775808",
                "18446744073709551616", "99999999999999999999999999999", "-1", "-0.0", "1e400", "1.5", "0",
                "-9223372036854775809", "2E53"};
        for (String value : refused) {
            add("number-count=" + value, withAdded("num", EventJson.replace(json.event(2, "ItemAdded", "num"),
                    "count", value)), true);
            add("number-vclock=" + value, withAdded("num", EventJson.replace(json.event(2, "ItemAdded", "num"),
                    "vclock", "{\"num\":" + value + "}")), true);
            add("number-at.n=" + value, withAdded("num", EventJson.replace(json.event(2, "ItemAdded", "num"),
                    "at", "{\"ms\":1764150000000,\"n\":" + value + "}")), !value.equals("0"));
        }
        for (String value : new String[] {"9223372036854775808", "-0", "1e3", "1.0", "0", "-5"}) {
            add("number-clientSeq=" + value, withAdded("num", EventJson.replace(json.event(2, "ItemAdded", "num"),
                    "clientSeq", value)), true);
        }
        for (String value : new String[] {"9223372036854775808", "1e20", "-0.5", "\"1764150000000\""}) {
            add("number-at.ms=" + value, withAdded("num", EventJson.replace(json.event(2, "ItemAdded", "num"),
                    "at", "{\"ms\":" + value + ",\"n\":0}")), true);
        }
        // at the bounds: accepted by the protocol, must not be a 5xx either
        add("number-count=2^53", withAdded("num", EventJson.replace(json.event(2, "ItemAdded", "num"), "count",
                TWO_53)), false);
        add("number-vclock=2^53", withAdded("num", EventJson.replace(json.event(2, "ItemAdded", "num"), "vclock",
                "{\"num\":" + TWO_53 + "}")), false);
        add("number-at.ms-10-minutes-ahead", withAdded("num", EventJson.replace(json.event(2, "ItemAdded", "num"),
                "at", "{\"ms\":" + (System.currentTimeMillis() + 600_000) + ",\"n\":0}")), true);
    }

    private static String vclock(int entries) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < entries; i++) {
            out.append(i == 0 ? "" : ",").append("\"c").append(i).append("\":1");
        }
        return out.append('}').toString();
    }

    private void vclockWidths() {
        for (int entries : new int[] {1001, 9000}) {
            add("vclock-" + entries + "-entries", withAdded("vcl", EventJson.replace(
                    json.event(2, "ItemAdded", "vcl"), "vclock", vclock(entries))), true);
        }
        add("vclock-1000-entries", withAdded("vcl", EventJson.replace(json.event(2, "ItemAdded", "vcl"), "vclock",
                vclock(1000))), false);
        add("vclock-empty", withAdded("vcl", EventJson.replace(json.event(2, "ItemAdded", "vcl"), "vclock", "{}")),
                true);
        add("vclock-key-65-chars", withAdded("vcl", EventJson.replace(json.event(2, "ItemAdded", "vcl"), "vclock",
                "{\"" + "k".repeat(65) + "\":1}")), true);
        add("vclock-key-with-dot", withAdded("vcl", EventJson.replace(json.event(2, "ItemAdded", "vcl"), "vclock",
                "{\"a.b\":1}")), true);
    }

    private void titles() {
        String emoji = new String(Character.toChars(0x1F600));
        record Title(String name, String text, boolean refused) {}
        List<Title> titles = List.of(
                new Title("500-ascii", "t".repeat(500), false),
                new Title("501-ascii", "t".repeat(501), true),
                new Title("500-astral", emoji.repeat(500), false),
                new Title("501-astral", emoji.repeat(501), true),
                new Title("empty", "", true),
                new Title("lone-high-surrogate", "milk\uD800", true),
                new Title("lone-low-surrogate", "\uDC00milk", true),
                new Title("reversed-surrogates", "\uDE00\uD83D", true),
                new Title("nul", "milk\u0000", true),
                new Title("bell", "milk\u0007", true),
                new Title("escape", "\u001b[31mred", true),
                new Title("delete", "milk\u007f", true),
                new Title("c1-control", "milk\u0085", true),
                new Title("tab", "milk\tbread", true));
        for (Title title : titles) {
            for (String type : new String[] {"ItemAdded", "ListCreated", "ItemRenamed"}) {
                List<Field> event = EventJson.replace(json.event(type.equals("ListCreated") ? 1 : 2, type, "ttl"),
                        "title", EventJson.string(title.text()));
                String body = type.equals("ListCreated")
                        ? EventJson.batch("ttl", List.of(EventJson.object(event)))
                        : withAdded("ttl", event);
                add("title-" + title.name() + "-" + type, body, title.refused());
            }
        }
    }

    private void ids() {
        String id64 = "i".repeat(64);
        String id65 = "i".repeat(65);
        add("clientId-64", json.createdAndAdded(id64), false);
        add("clientId-65", json.createdAndAdded(id65), true);
        add("clientId-slash", json.createdAndAdded("a/b"), true);
        add("clientId-unicode", json.createdAndAdded("ännä"), true);
        add("itemId-64", withAdded("ids", EventJson.replace(json.event(2, "ItemAdded", "ids"), "itemId",
                "\"" + id64 + "\"")), false);
        add("itemId-65", withAdded("ids", EventJson.replace(json.event(2, "ItemAdded", "ids"), "itemId",
                "\"" + id65 + "\"")), true);
        add("itemId-empty", withAdded("ids", EventJson.replace(json.event(2, "ItemAdded", "ids"), "itemId", "\"\"")),
                true);
        add("itemId-space", withAdded("ids", EventJson.replace(json.event(2, "ItemAdded", "ids"), "itemId",
                "\"a b\"")), true);
        add("eventId-not-uuid", withAdded("ids", EventJson.replace(json.event(2, "ItemAdded", "ids"), "eventId",
                "\"0b9e-not-a-uuid\"")), true);
        add("eventId-uuid-with-braces", withAdded("ids", EventJson.replace(json.event(2, "ItemAdded", "ids"),
                "eventId", "\"{" + json.eventId() + "}\"")), true);
        // list ids in the path: the case's own id, at 64 and past it
        String listBody = json.createdAndAdded("ids");
        cases.add(HostileCase.json("listId-64", (prefix + "-" + cases.size() + "-").concat("l".repeat(64))
                .substring(0, 64), listBody, false));
        cases.add(HostileCase.json("listId-65", (prefix + "-" + cases.size() + "-").concat("l".repeat(65))
                .substring(0, 65), listBody, true));
        cases.add(HostileCase.json("listId-dot", prefix + "-" + cases.size() + ".x", listBody, true));
        cases.add(HostileCase.json("listId-percent-encoded-unicode", prefix + "-" + cases.size() + "%C3%A4",
                listBody, true));
        cases.add(HostileCase.json("listId-encoded-space", prefix + "-" + cases.size() + "%20x", listBody, true));
    }

    private void duplicateKeys() {
        String valid = json.createdAndAdded("dup");
        add("duplicate-clientId", valid.replace("{\"clientId\":\"dup\"", "{\"clientId\":\"dup\",\"clientId\":\"dup\""),
                true);
        add("duplicate-events", valid.replace("]}", "],\"events\":[]}"), true);
        for (String key : new String[] {"eventId", "clientSeq", "type", "at", "itemId", "title", "count", "vclock"}) {
            List<Field> added = json.event(2, "ItemAdded", "dup");
            String value = added.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow().json();
            add("duplicate-" + key, withAdded("dup", EventJson.with(added, key, value)), true);
        }
        add("duplicate-at.ms", withAdded("dup", EventJson.replace(json.event(2, "ItemAdded", "dup"), "at",
                "{\"ms\":1764150000000,\"n\":0,\"ms\":1764150000000}")), true);
        add("duplicate-vclock-key", withAdded("dup", EventJson.replace(json.event(2, "ItemAdded", "dup"), "vclock",
                "{\"dup\":2,\"dup\":3}")), true);
    }

    private void deepNesting() {
        add("deep-arrays-5000", "[".repeat(5000), true);
        add("deep-arrays-200000", "[".repeat(200_000), true);
        add("deep-objects-in-title", withAdded("deep", EventJson.replace(json.event(2, "ItemAdded", "deep"), "title",
                "{\"a\":".repeat(3000) + "1" + "}".repeat(3000))), true);
        add("deep-arrays-in-vclock", withAdded("deep", EventJson.replace(json.event(2, "ItemAdded", "deep"),
                "vclock", "{\"deep\":" + "[".repeat(3000) + "]".repeat(3000) + "}")), true);
        add("deep-objects-in-at", withAdded("deep", EventJson.replace(json.event(2, "ItemAdded", "deep"), "at",
                "{\"ms\":1764150000000,\"n\":" + "{\"n\":".repeat(3000) + "0" + "}".repeat(3000) + "}")), true);
    }

    private void oversized() {
        String valid = json.createdAndAdded("big");
        int mib = 1 << 20;
        // padded with insignificant whitespace: the body itself is valid JSON, only its size is wrong
        add("body-1MiB-plus-1", valid.substring(0, valid.length() - 1) + " ".repeat(mib + 1 - valid.length())
                + "}", true);
        add("body-1MiB-exactly", valid.substring(0, valid.length() - 1) + " ".repeat(mib - valid.length()) + "}",
                false);
        add("body-4MiB", valid.substring(0, valid.length() - 1) + " ".repeat(4 * mib) + "}", true);
        add("title-of-2MiB", withAdded("big", EventJson.replace(json.event(2, "ItemAdded", "big"), "title",
                "\"" + "m".repeat(2 * mib) + "\"")), true);
        List<String> events = new ArrayList<>();
        events.add(EventJson.object(json.event(1, "ListCreated", "big")));
        for (int seq = 2; seq <= 501; seq++) {
            events.add(EventJson.object(json.event(seq, "ItemAdded", "big")));
        }
        add("events-501", EventJson.batch("big", events), true);
        add("events-500", EventJson.batch("big", events.subList(0, 500)), false);
    }

    private void contentTypes() {
        String valid = json.createdAndAdded("ctype");
        for (String type : new String[] {null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/jsonx", "application/json-patch+json", "*/*",
                "application/", "json", ";;;"}) {
            cases.add(new HostileCase("content-type-" + type, nextList(), type,
                    valid.getBytes(StandardCharsets.UTF_8), true, null));
        }
        cases.add(new HostileCase("utf16-body", nextList(), "application/json; charset=utf-16",
                valid.getBytes(StandardCharsets.UTF_16), true, null));
        cases.add(new HostileCase("latin1-body", nextList(), "application/json",
                json.createdAndAdded("lat").replace("Buy milk", "Bü milk").getBytes(StandardCharsets.ISO_8859_1),
                true, null));
    }

    /** Framing the JDK client will not send: a Content-Length that lies, conflicting or broken lengths. */
    private void lyingFraming() {
        byte[] valid = json.createdAndAdded("raw").getBytes(StandardCharsets.UTF_8);
        raw("content-length-longer-than-body", valid, "Content-Length: " + (valid.length + 500) + "\r\n", true);
        raw("content-length-shorter-than-body", valid, "Content-Length: " + (valid.length - 20) + "\r\n", false);
        raw("content-length-zero-with-body", valid, "Content-Length: 0\r\n", false);
        raw("content-length-negative", valid, "Content-Length: -5\r\n", false);
        raw("content-length-not-a-number", valid, "Content-Length: lots\r\n", false);
        raw("content-length-2^63", valid, "Content-Length: 9223372036854775808\r\n", true);
        raw("content-length-twice-differing", valid, "Content-Length: " + valid.length + "\r\nContent-Length: "
                + (valid.length - 1) + "\r\n", false);
        raw("content-length-and-bad-chunks", valid, "Content-Length: " + valid.length
                + "\r\nTransfer-Encoding: chunked\r\n", true);
        byte[] badChunk = ("zz\r\n" + new String(valid, StandardCharsets.UTF_8) + "\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        raw("chunk-size-not-hex", badChunk, "Transfer-Encoding: chunked\r\n", true);
        byte[] shortChunk = (Integer.toHexString(valid.length + 100) + "\r\n" + new String(valid, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        raw("chunk-longer-than-sent", shortChunk, "Transfer-Encoding: chunked\r\n", true);
    }

    private void raw(String name, byte[] body, String headers, boolean halfClose) {
        cases.add(new HostileCase(name, nextList(), "application/json", body, true, new RawFraming(headers, halfClose)));
    }

    private void unknownFields() {
        String valid = json.createdAndAdded("unk");
        add("unknown-top-level", valid.replace("{\"clientId\"", "{\"cursor\":1,\"clientId\""), true);
        add("userId-top-level", valid.replace("{\"clientId\"", "{\"userId\":\"admin\",\"clientId\""), true);
        add("userId-in-event", withAdded("unk", EventJson.with(json.event(2, "ItemAdded", "unk"), "userId",
                "\"admin\"")), true);
        add("listVersion-in-event", withAdded("unk", EventJson.with(json.event(2, "ItemAdded", "unk"), "listVersion",
                "7")), true);
        add("serverMs-in-event", withAdded("unk", EventJson.with(json.event(2, "ItemAdded", "unk"), "serverMs",
                "7")), true);
        add("unknown-in-at", withAdded("unk", EventJson.replace(json.event(2, "ItemAdded", "unk"), "at",
                "{\"ms\":1764150000000,\"n\":0,\"tz\":\"UTC\"}")), true);
        add("reason-in-event", withAdded("unk", EventJson.with(json.event(2, "ItemAdded", "unk"), "reason",
                "\"gap\"")), true);
        add("type-Rejected", withAdded("unk", EventJson.replace(json.event(2, "ItemAdded", "unk"), "type",
                "\"Rejected\"")), true);
        add("type-unknown", withAdded("unk", EventJson.replace(json.event(2, "ItemAdded", "unk"), "type",
                "\"ItemExploded\"")), true);
        add("type-wrong-case", withAdded("unk", EventJson.replace(json.event(2, "ItemAdded", "unk"), "type",
                "\"itemadded\"")), true);
        add("policy-unknown", EventJson.batch("unk", List.of(EventJson.object(EventJson.replace(
                json.event(1, "ListCreated", "unk"), "policy", "\"random\"")))), true);
    }

    /** Every event type with each of its fields left out, and with a field of another type added. */
    private void missingAndForeignFields() {
        for (String type : TYPES) {
            List<Field> valid = json.event(type.equals("ListCreated") ? 1 : 2, type, "mis");
            for (Field field : valid) {
                add("missing-" + field.key() + "-" + type, body(type, EventJson.without(valid, field.key())), true);
            }
            Field foreign = switch (type) {
                case "ListCreated", "ListRenamed" -> new Field("itemId", "\"milk\"");
                case "ItemAdded", "ItemRenamed" -> new Field("policy", "\"lww\"");
                default -> new Field("title", "\"Buy milk\"");
            };
            add("foreign-" + foreign.key() + "-" + type, body(type, EventJson.with(valid, foreign.key(),
                    foreign.json())), true);
            add("null-fields-" + type, body(type, valid.stream().map(f -> f.key().equals("eventId") ? f
                    : new Field(f.key(), "null")).toList()), true);
        }
    }

    private String body(String type, List<Field> event) {
        return type.equals("ListCreated")
                ? EventJson.batch("mis", List.of(EventJson.object(event)))
                : withAdded("mis", event);
    }

    /** Batch-level rules: numbering inside a batch, and the events array. */
    private void batchRules() {
        add("clientSeq-repeated-in-batch", withAdded("seq", EventJson.replace(json.event(2, "ItemAdded", "seq"),
                "clientSeq", "1")), true);
        add("clientSeq-skips-in-batch", withAdded("seq", EventJson.replace(json.event(2, "ItemAdded", "seq"),
                "clientSeq", "3")), true);
        add("clientSeq-falls-in-batch", EventJson.batch("seq", List.of(EventJson.object(json.event(5, "ListCreated",
                "seq")), EventJson.object(json.event(4, "ItemAdded", "seq")))), true);
        add("events-empty", "{\"clientId\":\"seq\",\"events\":[]}", true);
        add("events-of-nulls", "{\"clientId\":\"seq\",\"events\":[null,null]}", true);
        add("body-empty", "", true);
        add("body-whitespace", " \n\t ", true);
        add("body-null", "null", true);
    }
}
