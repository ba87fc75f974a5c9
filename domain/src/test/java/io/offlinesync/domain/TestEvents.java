package io.offlinesync.domain;

import java.util.Map;
import java.util.UUID;

/** Builders of events and log entries for tests: one device's view, with its own clientSeq and clock. */
public final class TestEvents {

    private TestEvents() {
    }

    public static ClientEvent event(long clientSeq, long ms, EventBody body) {
        return new ClientEvent(uuid(clientSeq, ms, body), clientSeq, new Hlc(ms, 0), body);
    }

    /** A deterministic UUID, so the same event built twice is the same event. */
    static String uuid(long clientSeq, long ms, EventBody body) {
        return UUID.nameUUIDFromBytes((clientSeq + "/" + ms + "/" + body).getBytes()).toString();
    }

    public static LogEntry.Accepted accepted(long listVersion, String clientId, long clientSeq, long ms, EventBody body) {
        return new LogEntry.Accepted(listVersion, clientId, ms, event(clientSeq, ms, body));
    }

    /** An entry of a batch of {@code userId}. */
    public static LogEntry.Accepted accepted(long listVersion, String clientId, String userId, long clientSeq, long ms,
                                             EventBody body) {
        return new LogEntry.Accepted(listVersion, clientId, ms, event(clientSeq, ms, body), userId);
    }

    public static EventBody.MemberAdded memberAdded(String member, Role role) {
        return new EventBody.MemberAdded(member, role);
    }

    public static EventBody.MemberRemoved memberRemoved(String member) {
        return new EventBody.MemberRemoved(member);
    }

    public static EventBody.ListCreated created(String title) {
        return new EventBody.ListCreated(title, Policy.LWW);
    }

    public static EventBody.ListCreated created(String title, Policy policy) {
        return new EventBody.ListCreated(title, policy);
    }

    public static EventBody.ItemAdded added(String itemId, String title) {
        return new EventBody.ItemAdded(itemId, title, 1, clock("x", 1));
    }

    public static EventBody.ItemRenamed renamed(String itemId, String title, long count, VClock clock) {
        return new EventBody.ItemRenamed(itemId, title, count, clock);
    }

    public static EventBody.ItemCompleted completed(String itemId, long count, VClock clock) {
        return new EventBody.ItemCompleted(itemId, count, clock);
    }

    public static EventBody.ItemReopened reopened(String itemId, long count, VClock clock) {
        return new EventBody.ItemReopened(itemId, count, clock);
    }

    public static EventBody.ItemDeleted deleted(String itemId, long count, VClock clock) {
        return new EventBody.ItemDeleted(itemId, count, clock);
    }

    public static VClock clock(String clientId, long n) {
        return new VClock(Map.of(clientId, n));
    }

    public static VClock clock(String a, long na, String b, long nb) {
        return new VClock(Map.of(a, na, b, nb));
    }
}
