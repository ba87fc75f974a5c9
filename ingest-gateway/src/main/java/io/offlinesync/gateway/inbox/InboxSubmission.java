package io.offlinesync.gateway.inbox;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import java.util.List;
import java.util.Map;

/**
 * One validated device batch: what becomes one {@code InboxBatch} record. {@code userId} is the user who pushed it,
 * null when the request had no principal.
 */
public record InboxSubmission(String listId, String clientId, long receivedMs, List<ClientEvent> events,
                              String userId) {

    /** Per event: the numbers, the type, the policy and Avro's framing, rounded up. */
    static final int EVENT_OVERHEAD_BYTES = 64;
    /** Per vclock entry beside its key: the counter and the framing. */
    static final int VCLOCK_ENTRY_OVERHEAD_BYTES = 12;
    /** The record beside its events: key, ids, receive time, the wire format's header. */
    static final int RECORD_OVERHEAD_BYTES = 64;

    public InboxSubmission {
        events = List.copyOf(events);
    }

    /** A batch without a user. */
    public InboxSubmission(String listId, String clientId, long receivedMs, List<ClientEvent> events) {
        this(listId, clientId, receivedMs, events, null);
    }

    /**
     * About how many bytes the record takes once serialized (at least that, for ASCII text): what the
     * gateway's in-flight budget counts. Cheap on purpose: the real serializer may call the registry, so
     * it runs on the sender thread, after admission.
     */
    public long estimatedBytes() {
        long bytes = RECORD_OVERHEAD_BYTES + 2L * listId.length() + clientId.length()
                + (userId == null ? 0 : userId.length());
        for (ClientEvent event : events) {
            bytes += EVENT_OVERHEAD_BYTES + event.eventId().length();
            bytes += switch (event.body()) {
                case EventBody.ListCreated created -> utf8Length(created.title());
                case EventBody.ListRenamed renamed -> utf8Length(renamed.title());
                case EventBody.ItemAdded added -> added.itemId().length() + utf8Length(added.title())
                        + vclockBytes(added.vclock().entries());
                case EventBody.ItemRenamed renamed -> renamed.itemId().length() + utf8Length(renamed.title())
                        + vclockBytes(renamed.vclock().entries());
                case EventBody.ItemEvent item -> item.itemId().length() + vclockBytes(item.vclock().entries());
                case EventBody.MemberEvent member -> member.member().length(); // the role is in the overhead
            };
        }
        return bytes;
    }

    private static long vclockBytes(Map<String, Long> entries) {
        long bytes = 0;
        for (String clientId : entries.keySet()) {
            bytes += clientId.length() + VCLOCK_ENTRY_OVERHEAD_BYTES;
        }
        return bytes;
    }

    /** UTF-8 length without encoding: titles may hold any Unicode. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                k++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
