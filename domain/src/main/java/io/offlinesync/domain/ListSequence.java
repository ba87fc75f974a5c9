package io.offlinesync.domain;

import java.util.Map;

/**
 * The sequencer's rule for one list: what an incoming event becomes in the list's log. It holds the list's head
 * (listVersion, whether it was created, its policy, and its counts against the {@link ListLimits}); the facts
 * per client and per item live in a {@link ListLedger}, so one batch costs what it touches.
 *
 * <p>In order, an event is: a duplicate (a clientSeq consumed with the same eventId, or one too old to tell:
 * nothing appended); {@code seq-reused} (consumed with another eventId); {@code gap}; {@code list-limit}
 * {@code clients}; {@code unknown-list}; {@code list-exists}; {@code list-limit} {@code items} or {@code size};
 * or accepted. Every entry takes the next listVersion.
 */
public final class ListSequence {

    private final ListLedger ledger;
    private final ListLimits limits;
    private long head;
    private boolean created;
    private Policy policy;
    private int clients;
    private long items;
    private long stateBytes;
    private long titleBytes;

    /** An empty list with its ledger in memory and the default limits. */
    public ListSequence() {
        this(ListLedger.inMemory(), ListLimits.DEFAULTS);
    }

    /** An empty list. */
    public ListSequence(ListLedger ledger, ListLimits limits) {
        this(ledger, limits, new Counts(0, false, null, 0, 0, 0, 0));
    }

    /** A list the sequencer knew, as {@link #counts()} described it. */
    public ListSequence(ListLedger ledger, ListLimits limits, Counts counts) {
        this.ledger = ledger;
        this.limits = limits;
        this.head = counts.head();
        this.created = counts.created();
        this.policy = counts.policy();
        this.clients = counts.clients();
        this.items = counts.items();
        this.stateBytes = counts.stateBytes();
        this.titleBytes = counts.titleBytes();
    }

    /**
     * What the sequencer keeps of a list beside its ledger.
     *
     * @param policy     the list's policy once created (null before, and for lists sequenced before it was kept:
     *                   their items are then sized as under {@code lww})
     * @param stateBytes the bytes its items and title take in its state, as {@link StateSize} bounds them
     * @param titleBytes the largest title the list had, as {@link StateSize#title} counts it
     */
    public record Counts(long head, boolean created, Policy policy, int clients, long items, long stateBytes,
                         long titleBytes) {}

    public Counts counts() {
        return new Counts(head, created, policy, clients, items, stateBytes, titleBytes);
    }

    /**
     * Decides what an event from {@code clientId} becomes: {@code null} for a duplicate (nothing is
     * appended), else the entry to append with the next listVersion, accepted or rejected.
     */
    public LogEntry admit(String clientId, long serverMs, ClientEvent event) {
        ClientHistory client = ledger.client(clientId);
        long last = client == null ? 0 : client.lastSeq();
        long seq = event.clientSeq();
        if (seq <= last) {
            if (client.mayBe(seq, event.eventId())) {
                return null;
            }
            return new LogEntry.Rejected(++head, clientId, serverMs, event.eventId(), seq,
                    RejectReason.SEQ_REUSED, last + 1);
        }
        long version = ++head;
        if (seq > last + 1) {
            return new LogEntry.Rejected(version, clientId, serverMs, event.eventId(), seq, RejectReason.GAP,
                    last + 1);
        }
        if (client == null) {
            if (clients >= limits.clients()) {
                return limit(version, clientId, serverMs, event, ListLimit.CLIENTS);
            }
            client = new ClientHistory();
            clients++;
        }
        client.consume(seq, event.eventId());
        ledger.putClient(clientId, client);
        return decide(new LogEntry.Accepted(version, clientId, serverMs, event));
    }

    /** The verdict on an event whose clientSeq was just consumed. */
    private LogEntry decide(LogEntry.Accepted entry) {
        EventBody body = entry.event().body();
        boolean isCreate = body instanceof EventBody.ListCreated;
        if (!created && !isCreate) {
            return rejected(entry, RejectReason.UNKNOWN_LIST, null);
        }
        if (created && isCreate) {
            return rejected(entry, RejectReason.LIST_EXISTS, null);
        }
        return switch (body) {
            case EventBody.ListCreated c -> {
                created = true;
                policy = c.policy();
                yield withTitle(entry, c.title());
            }
            case EventBody.ListRenamed r -> withTitle(entry, r.title());
            case EventBody.ItemEvent e -> withItem(entry, e.itemId());
        };
    }

    private LogEntry withTitle(LogEntry.Accepted entry, String title) {
        long bytes = StateSize.title(title);
        long growth = Math.max(0, bytes - titleBytes);
        if (growth > 0 && stateBytes + growth > limits.stateBytes()) {
            return rejected(entry, RejectReason.LIST_LIMIT, ListLimit.SIZE);
        }
        titleBytes += growth;
        stateBytes += growth;
        return entry;
    }

    private LogEntry withItem(LogEntry.Accepted entry, String itemId) {
        Item before = ledger.item(itemId);
        Item after = TodoList.foldItem(before, policy == null ? Policy.LWW : policy, entry);
        if (after == null || after == before) {
            return entry;
        }
        if (before == null && items >= limits.items()) {
            return rejected(entry, RejectReason.LIST_LIMIT, ListLimit.ITEMS);
        }
        long growth = StateSize.item(after) - (before == null ? 0 : StateSize.item(before));
        if (growth > 0 && stateBytes + growth > limits.stateBytes()) {
            return rejected(entry, RejectReason.LIST_LIMIT, ListLimit.SIZE);
        }
        if (before == null) {
            items++;
        }
        stateBytes += growth;
        ledger.putItem(after);
        return entry;
    }

    private static LogEntry limit(long version, String clientId, long serverMs, ClientEvent event, ListLimit limit) {
        return new LogEntry.Rejected(version, clientId, serverMs, event.eventId(), event.clientSeq(),
                RejectReason.LIST_LIMIT, null, limit.wireName());
    }

    private static LogEntry.Rejected rejected(LogEntry.Accepted entry, RejectReason reason, ListLimit limit) {
        return new LogEntry.Rejected(entry.listVersion(), entry.clientId(), entry.serverMs(), entry.eventId(),
                entry.clientSeq(), reason, null, limit == null ? null : limit.wireName());
    }

    public long head() {
        return head;
    }

    public boolean created() {
        return created;
    }

    /**
     * Every client's last consumed clientSeq, for a sequence whose ledger is {@link ListLedger#inMemory()}
     * (tests and simulated servers; the sequencer's ledger is read per client).
     */
    public Map<String, Long> clientSeqs() {
        if (ledger instanceof ListLedger.InMemory memory) {
            return memory.clientSeqs();
        }
        throw new UnsupportedOperationException("clientSeqs of a ledger that is not in memory");
    }
}
