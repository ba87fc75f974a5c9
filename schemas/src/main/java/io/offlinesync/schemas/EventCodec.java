package io.offlinesync.schemas;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.VClock;
import io.offlinesync.schemas.avro.FollowingEntry;
import io.offlinesync.schemas.avro.ItemAdded;
import io.offlinesync.schemas.avro.ItemCompleted;
import io.offlinesync.schemas.avro.ItemDeleted;
import io.offlinesync.schemas.avro.ItemRenamed;
import io.offlinesync.schemas.avro.ItemReopened;
import io.offlinesync.schemas.avro.ListCreated;
import io.offlinesync.schemas.avro.ListRenamed;
import io.offlinesync.schemas.avro.MemberAdded;
import io.offlinesync.schemas.avro.MemberRemoved;
import io.offlinesync.schemas.avro.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Converts events and log entries between the domain model and their Avro records. */
public final class EventCodec {

    private EventCodec() {
    }

    public static io.offlinesync.schemas.avro.ClientEvent toAvro(ClientEvent event) {
        return new io.offlinesync.schemas.avro.ClientEvent(event.eventId(), event.clientSeq(), toAvro(event.at()),
                toAvro(event.body()));
    }

    public static ClientEvent fromAvro(io.offlinesync.schemas.avro.ClientEvent event) {
        return new ClientEvent(event.getEventId(), event.getClientSeq(), fromAvro(event.getAt()),
                bodyFromAvro(event.getBody()));
    }

    /** The todo.events record of one entry: a segment of one. */
    public static io.offlinesync.schemas.avro.LogEntry toAvro(String listId, LogEntry entry) {
        var builder = io.offlinesync.schemas.avro.LogEntry.newBuilder()
                .setListId(listId)
                .setListVersion(entry.listVersion())
                .setClientId(entry.clientId())
                .setServerMs(entry.serverMs())
                .setEventId(entry.eventId())
                .setClientSeq(entry.clientSeq())
                .setUserId(entry.userId())
                .setFollowing(List.of());
        switch (entry) {
            case LogEntry.Accepted a -> builder.setAt(toAvro(a.event().at())).setBody(toAvro(a.event().body()));
            case LogEntry.Rejected r -> builder.setAt(null).setBody(toAvro(r));
        }
        return builder.build();
    }

    /**
     * The todo.events records of consecutive entries of one list, in order: a record is a segment of up to
     * {@code maxEntries} entries that share their client, server time and user (entries of one inbox batch do), the
     * first in the record's own fields and the rest in its {@code following}.
     */
    public static List<io.offlinesync.schemas.avro.LogEntry> segments(String listId, List<LogEntry> entries,
                                                                       int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a segment holds at least one entry, not " + maxEntries);
        }
        List<io.offlinesync.schemas.avro.LogEntry> records = new ArrayList<>();
        io.offlinesync.schemas.avro.LogEntry open = null;
        LogEntry first = null;
        LogEntry last = null;
        for (LogEntry entry : entries) {
            if (open != null && open.getFollowing().size() + 1 < maxEntries && sameSegment(first, last, entry)) {
                open.getFollowing().add(following(entry));
            } else {
                open = toAvro(listId, entry);
                open.setFollowing(new ArrayList<>());
                records.add(open);
                first = entry;
            }
            last = entry;
        }
        return records;
    }

    private static boolean sameSegment(LogEntry first, LogEntry last, LogEntry next) {
        return next.listVersion() == last.listVersion() + 1 && next.clientId().equals(first.clientId())
                && next.serverMs() == first.serverMs() && Objects.equals(next.userId(), first.userId());
    }

    private static FollowingEntry following(LogEntry entry) {
        return switch (entry) {
            case LogEntry.Accepted a -> new FollowingEntry(a.listVersion(), a.eventId(), a.clientSeq(),
                    toAvro(a.event().at()), toAvro(a.event().body()));
            case LogEntry.Rejected r -> new FollowingEntry(r.listVersion(), r.eventId(), r.clientSeq(), null, toAvro(r));
        };
    }

    private static Rejected toAvro(LogEntry.Rejected r) {
        return new Rejected(r.reason().wireName(), r.expectedClientSeq(), r.limit(), r.foreignClient() ? Boolean.TRUE : null);
    }

    /**
     * The entry of a record that holds one (written before version 5, or a segment of one). A segment of more is
     * refused rather than read as its first entry, which would lose the others: read it with {@link #entriesOf}.
     */
    public static LogEntry fromAvro(io.offlinesync.schemas.avro.LogEntry entry) {
        if (entryCount(entry) > 1) {
            throw new IllegalArgumentException("a todo.events record of " + entryCount(entry) + " entries (versions "
                    + entry.getListVersion() + "-" + lastVersion(entry) + "): read it with entriesOf");
        }
        return own(entry);
    }

    private static LogEntry own(io.offlinesync.schemas.avro.LogEntry record) {
        return entry(record, record.getListVersion(), record.getEventId(), record.getClientSeq(), record.getAt(),
                record.getBody());
    }

    /** Every entry of a todo.events record, in order: its own, then those that followed it (a segment). */
    public static List<LogEntry> entriesOf(io.offlinesync.schemas.avro.LogEntry record) {
        List<FollowingEntry> following = record.getFollowing();
        if (following == null || following.isEmpty()) {
            return List.of(own(record));
        }
        List<LogEntry> entries = new ArrayList<>(following.size() + 1);
        entries.add(own(record));
        for (FollowingEntry next : following) {
            entries.add(entry(record, next.getListVersion(), next.getEventId(), next.getClientSeq(), next.getAt(),
                    next.getBody()));
        }
        return entries;
    }

    /** How many entries a todo.events record holds. */
    public static int entryCount(io.offlinesync.schemas.avro.LogEntry record) {
        return 1 + (record.getFollowing() == null ? 0 : record.getFollowing().size());
    }

    /** The listVersion of the record's last entry. */
    public static long lastVersion(io.offlinesync.schemas.avro.LogEntry record) {
        List<FollowingEntry> following = record.getFollowing();
        return following == null || following.isEmpty() ? record.getListVersion()
                : following.getLast().getListVersion();
    }

    private static LogEntry entry(io.offlinesync.schemas.avro.LogEntry record, long listVersion, String eventId,
                                  long clientSeq, io.offlinesync.schemas.avro.Hlc at, Object body) {
        if (body instanceof Rejected r) {
            RejectReason reason = RejectReason.fromWireName(r.getReason())
                    .orElseThrow(() -> new IllegalArgumentException("unknown reject reason " + r.getReason()));
            return new LogEntry.Rejected(listVersion, record.getClientId(), record.getServerMs(), eventId, clientSeq,
                    reason, r.getExpectedClientSeq(), r.getLimit(), record.getUserId(),
                    Boolean.TRUE.equals(r.getForeignClient()));
        }
        ClientEvent event = new ClientEvent(eventId, clientSeq, fromAvro(at), bodyFromAvro(body));
        return new LogEntry.Accepted(listVersion, record.getClientId(), record.getServerMs(), event,
                record.getUserId());
    }

    /** Whether a rejection (of a reason this version may not know: then taken to consume) moves its client's clientSeq. */
    public static boolean consumesClientSeq(Rejected rejected) {
        return RejectReason.fromWireName(rejected.getReason())
                .map(reason -> LogEntry.consumesClientSeq(reason, rejected.getLimit(),
                        Boolean.TRUE.equals(rejected.getForeignClient())))
                .orElse(true);
    }

    public static io.offlinesync.schemas.avro.Hlc toAvro(Hlc hlc) {
        return new io.offlinesync.schemas.avro.Hlc(hlc.ms(), hlc.n());
    }

    public static Hlc fromAvro(io.offlinesync.schemas.avro.Hlc hlc) {
        return new Hlc(hlc.getMs(), hlc.getN());
    }

    public static io.offlinesync.schemas.avro.Policy toAvro(Policy policy) {
        return io.offlinesync.schemas.avro.Policy.valueOf(policy.wireName());
    }

    public static Policy fromAvro(io.offlinesync.schemas.avro.Policy policy) {
        return Policy.fromWireName(policy.name()).orElseThrow();
    }

    public static io.offlinesync.schemas.avro.Role toAvro(Role role) {
        return io.offlinesync.schemas.avro.Role.valueOf(role.wireName());
    }

    public static Role fromAvro(io.offlinesync.schemas.avro.Role role) {
        return Role.fromWireName(role.name()).orElseThrow();
    }

    static Object toAvro(EventBody body) {
        return switch (body) {
            case EventBody.ListCreated c -> new ListCreated(c.title(), toAvro(c.policy()));
            case EventBody.ListRenamed r -> new ListRenamed(r.title());
            case EventBody.ItemAdded a -> new ItemAdded(a.itemId(), a.title(), a.count(), a.vclock().entries(), a.note());
            case EventBody.ItemRenamed r -> new ItemRenamed(r.itemId(), r.title(), r.count(), r.vclock().entries());
            case EventBody.ItemCompleted c -> new ItemCompleted(c.itemId(), c.count(), c.vclock().entries());
            case EventBody.ItemReopened r -> new ItemReopened(r.itemId(), r.count(), r.vclock().entries());
            case EventBody.ItemDeleted d -> new ItemDeleted(d.itemId(), d.count(), d.vclock().entries());
            case EventBody.MemberAdded a -> new MemberAdded(a.member(), toAvro(a.role()));
            case EventBody.MemberRemoved r -> new MemberRemoved(r.member());
        };
    }

    static EventBody bodyFromAvro(Object body) {
        return switch (body) {
            case ListCreated c -> new EventBody.ListCreated(c.getTitle(), fromAvro(c.getPolicy()));
            case ListRenamed r -> new EventBody.ListRenamed(r.getTitle());
            case ItemAdded a -> new EventBody.ItemAdded(a.getItemId(), a.getTitle(), a.getCount(), clock(a.getVclock()), a.getNote());
            case ItemRenamed r -> new EventBody.ItemRenamed(r.getItemId(), r.getTitle(), r.getCount(), clock(r.getVclock()));
            case ItemCompleted c -> new EventBody.ItemCompleted(c.getItemId(), c.getCount(), clock(c.getVclock()));
            case ItemReopened r -> new EventBody.ItemReopened(r.getItemId(), r.getCount(), clock(r.getVclock()));
            case ItemDeleted d -> new EventBody.ItemDeleted(d.getItemId(), d.getCount(), clock(d.getVclock()));
            case MemberAdded a -> new EventBody.MemberAdded(a.getMember(), fromAvro(a.getRole()));
            case MemberRemoved r -> new EventBody.MemberRemoved(r.getMember());
            default -> throw new IllegalArgumentException("not an event body: " + body.getClass().getName());
        };
    }

    static VClock clock(Map<String, Long> entries) {
        return new VClock(entries);
    }
}
