package io.offlinesync.protocol;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * A log entry as the catch-up endpoint serves it (PROTOCOL.md): the server writes it, devices and the
 * query-api's explain read it back. Reading ignores fields it does not know, so a newer server's optional
 * fields do not break an older device.
 *
 * <p>Protocol v1.1 adds {@code userId} (the user whose push brought the entry; left out when the entry has none),
 * the types {@code MemberAdded} ({@code member}, {@code role}) and {@code MemberRemoved} ({@code member}), the
 * rejection reasons {@code forbidden} and {@code last-owner}, and {@code "foreignClient": true} on a
 * {@code forbidden} whose clientId belongs to another user (that device's numbering did not move).
 */
public final class LogEntryJson {

    private LogEntryJson() {
    }

    public static String write(LogEntry entry) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = ProtocolJson.MAPPER.createGenerator(out)) {
            write(g, entry);
        }
        return out.toString();
    }

    /**
     * Each entry's JSON as UTF-8 bytes, as {@link #write(LogEntry)} renders it, written by one generator straight to
     * bytes: for the query-api's index, which renders every entry of the log once.
     */
    public static List<byte[]> writeEach(List<LogEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(entries.size() * 256);
        int[] ends = new int[entries.size()];
        try (JsonGenerator g = ProtocolJson.MAPPER.createGenerator(out)) {
            for (int i = 0; i < entries.size(); i++) {
                write(g, entries.get(i));
                g.flush();
                ends[i] = out.size();
            }
        }
        byte[] all = out.toByteArray();
        List<byte[]> each = new ArrayList<>(entries.size());
        int start = 0;
        for (int end : ends) {
            while (all[start] != '{') {
                start++; // the generator's separator between root values
            }
            each.add(Arrays.copyOfRange(all, start, end));
            start = end;
        }
        return each;
    }

    public static void write(JsonGenerator g, LogEntry entry) {
        g.writeStartObject();
        g.writeNumberProperty("listVersion", entry.listVersion());
        g.writeStringProperty("clientId", entry.clientId());
        g.writeNumberProperty("serverMs", entry.serverMs());
        g.writeStringProperty("eventId", entry.eventId());
        g.writeNumberProperty("clientSeq", entry.clientSeq());
        if (entry.userId() != null) {
            g.writeStringProperty("userId", entry.userId());
        }
        switch (entry) {
            case LogEntry.Accepted a -> {
                g.writeStringProperty("type", a.event().body().type());
                ClientEventJson.writeAt(g, a.event().at());
                ClientEventJson.writeBody(g, a.event().body());
            }
            case LogEntry.Rejected r -> {
                g.writeStringProperty("type", "Rejected");
                g.writeStringProperty("reason", r.reason().wireName());
                if (r.expectedClientSeq() != null) {
                    g.writeNumberProperty("expectedClientSeq", r.expectedClientSeq());
                }
                if (r.limit() != null) {
                    g.writeStringProperty("limit", r.limit());
                }
                if (r.foreignClient()) {
                    g.writeBooleanProperty("foreignClient", true);
                }
            }
        }
        g.writeEndObject();
    }

    public static LogEntry read(String json) {
        return read(ProtocolJson.parse(json));
    }

    public static LogEntry read(JsonNode node) {
        if (!node.isObject()) {
            throw new MalformedMessageException("a log entry must be a JSON object");
        }
        long listVersion = ProtocolJson.integer(node, "listVersion");
        String clientId = ProtocolJson.text(node, "clientId");
        long serverMs = ProtocolJson.integer(node, "serverMs");
        String eventId = ProtocolJson.text(node, "eventId");
        long clientSeq = ProtocolJson.integer(node, "clientSeq");
        String type = ProtocolJson.text(node, "type");
        String userId = ProtocolJson.optionalText(node, "userId");
        if ("Rejected".equals(type)) {
            String reason = ProtocolJson.text(node, "reason");
            Long expected = ProtocolJson.optionalInteger(node, "expectedClientSeq");
            String limit = ProtocolJson.optionalText(node, "limit");
            boolean foreignClient = node.hasNonNull("foreignClient") && ProtocolJson.bool(node, "foreignClient");
            RejectReason why = RejectReason.fromWireName(reason).orElseThrow(
                    () -> new MalformedMessageException("unknown reject reason '" + reason + "'"));
            if (foreignClient && why != RejectReason.FORBIDDEN) {
                throw new MalformedMessageException("foreignClient on a '" + reason + "' rejection");
            }
            return new LogEntry.Rejected(listVersion, clientId, serverMs, eventId, clientSeq, why, expected, limit,
                    userId, foreignClient);
        }
        ClientEvent event = new ClientEvent(eventId, clientSeq, ProtocolJson.at(node), body(type, node));
        return new LogEntry.Accepted(listVersion, clientId, serverMs, event, userId);
    }

    static EventBody body(String type, JsonNode node) {
        return switch (type) {
            case "ListCreated" -> new EventBody.ListCreated(ProtocolJson.text(node, "title"),
                    ProtocolJson.policy(ProtocolJson.text(node, "policy")));
            case "ListRenamed" -> new EventBody.ListRenamed(ProtocolJson.text(node, "title"));
            case "ItemAdded" -> new EventBody.ItemAdded(itemId(node), ProtocolJson.text(node, "title"),
                    count(node), ProtocolJson.vclock(node), ProtocolJson.optionalText(node, "note"));
            case "ItemRenamed" -> new EventBody.ItemRenamed(itemId(node), ProtocolJson.text(node, "title"),
                    count(node), ProtocolJson.vclock(node));
            case "ItemCompleted" -> new EventBody.ItemCompleted(itemId(node), count(node), ProtocolJson.vclock(node));
            case "ItemReopened" -> new EventBody.ItemReopened(itemId(node), count(node), ProtocolJson.vclock(node));
            case "ItemDeleted" -> new EventBody.ItemDeleted(itemId(node), count(node), ProtocolJson.vclock(node));
            case "MemberAdded" -> new EventBody.MemberAdded(ProtocolJson.text(node, "member"),
                    ProtocolJson.role(ProtocolJson.text(node, "role")));
            case "MemberRemoved" -> new EventBody.MemberRemoved(ProtocolJson.text(node, "member"));
            default -> throw new MalformedMessageException("unknown event type '" + type + "'");
        };
    }

    private static String itemId(JsonNode node) {
        return ProtocolJson.text(node, "itemId");
    }

    private static long count(JsonNode node) {
        return ProtocolJson.integer(node, "count");
    }
}
