package io.offlinesync.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequencer's rule for one list: what an incoming event becomes in the list's log. It holds the list's head
 * (listVersion, whether it was created, its policy, its counts against the {@link ListLimits}) and its
 * {@link Membership}; the facts per client (last clientSeq, latest eventIds, the user it belongs to) and per item
 * live in a {@link ListLedger}, so one batch costs what it touches.
 *
 * <p>An event of user {@code u} (null for a batch without a user) under {@code clientId} is, checked in this
 * order, the first that applies:
 * <ol>
 *   <li>{@code forbidden}, not consuming, with {@link LogEntry.Rejected#foreignClient()}: {@code clientId} belongs
 *       to another user on this list. Checked before anything about the client's numbering, so the foreign user
 *       learns nothing of it and changes nothing of the client's state;</li>
 *   <li>a duplicate (a clientSeq consumed with the same eventId, or one too old to tell): nothing appended;</li>
 *   <li>{@code seq-reused} (consumed with another eventId), not consuming;</li>
 *   <li>{@code gap}, not consuming;</li>
 *   <li>{@code list-limit} {@code clients}, not consuming;</li>
 * </ol>
 * from here on the clientSeq is consumed (and a client that belongs to nobody becomes {@code u}'s), and the event
 * is:
 * <ol start="6">
 *   <li>{@code unknown-list} (an event other than ListCreated on a list that has none);</li>
 *   <li>{@code list-exists} (a ListCreated on a list that has one);</li>
 *   <li>{@code forbidden} ({@link Membership#mayWrite}: the user's role as of this point of the log);</li>
 *   <li>{@code last-owner} (the event would leave the list without an owner);</li>
 *   <li>{@code list-limit} {@code members}, then {@code items} or {@code size};</li>
 *   <li>or accepted, and then applied to the membership ({@link Membership#apply}: the claim of an ownerless list,
 *       the member event's change) exactly as the fold applies it.</li>
 * </ol>
 * Every entry takes the next listVersion and carries {@code u}. Batches without a user are decided as before
 * membership: no {@code forbidden} of either kind, and no claim.
 */
public final class ListSequence {

    private final ListLedger ledger;
    private final ListLimits limits;
    private Membership members;
    private boolean membersChanged;
    private final Map<String, String> ownedClients = new LinkedHashMap<>();
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
        this(ledger, limits, new Counts(0, false, null, 0, 0, 0, 0), new Membership());
    }

    /** A list the sequencer knew, as {@link #counts()} described it, without members (stored before membership). */
    public ListSequence(ListLedger ledger, ListLimits limits, Counts counts) {
        this(ledger, limits, counts, new Membership());
    }

    /** A list the sequencer knew, as {@link #counts()} and {@link #members()} described it. */
    public ListSequence(ListLedger ledger, ListLimits limits, Counts counts, Membership members) {
        this.ledger = ledger;
        this.limits = limits;
        this.members = new Membership(members.members());
        this.head = counts.head();
        this.created = counts.created();
        this.policy = counts.policy();
        this.clients = counts.clients();
        this.items = counts.items();
        this.stateBytes = counts.stateBytes();
        this.titleBytes = counts.titleBytes();
    }

    /**
     * What the sequencer keeps of a list beside its ledger and its members.
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

    /** The list's members as of its head. */
    public Membership members() {
        return members;
    }

    /** Whether an entry admitted by this sequence changed the members. */
    public boolean membersChanged() {
        return membersChanged;
    }

    /**
     * clientId -> user of the clients that came to belong to a user through this sequence (a new client, or one
     * recorded without a user and claimed), in the order they did.
     */
    public Map<String, String> ownedClients() {
        return Collections.unmodifiableMap(ownedClients);
    }

    /** {@link #admit(String, String, long, ClientEvent)} of a batch without a user. */
    public LogEntry admit(String clientId, long serverMs, ClientEvent event) {
        return admit(clientId, null, serverMs, event);
    }

    /**
     * Decides what an event from {@code clientId}, in a batch of {@code userId} (null: a batch without a user),
     * becomes: {@code null} for a duplicate (nothing is appended), else the entry to append with the next
     * listVersion, accepted or rejected.
     */
    public LogEntry admit(String clientId, String userId, long serverMs, ClientEvent event) {
        ClientHistory client = ledger.client(clientId);
        long seq = event.clientSeq();
        if (client != null && client.foreignTo(userId)) {
            return new LogEntry.Rejected(++head, clientId, serverMs, event.eventId(), seq, RejectReason.FORBIDDEN,
                    null, null, userId, true);
        }
        long last = client == null ? 0 : client.lastSeq();
        if (seq <= last) {
            if (client.mayBe(seq, event.eventId())) {
                return null;
            }
            return new LogEntry.Rejected(++head, clientId, serverMs, event.eventId(), seq,
                    RejectReason.SEQ_REUSED, last + 1, null, userId, false);
        }
        long version = ++head;
        if (seq > last + 1) {
            return new LogEntry.Rejected(version, clientId, serverMs, event.eventId(), seq, RejectReason.GAP,
                    last + 1, null, userId, false);
        }
        if (client == null) {
            if (clients >= limits.clients()) {
                return new LogEntry.Rejected(version, clientId, serverMs, event.eventId(), seq,
                        RejectReason.LIST_LIMIT, null, ListLimit.CLIENTS.wireName(), userId, false);
            }
            client = new ClientHistory();
            clients++;
        }
        if (client.claim(userId)) {
            ownedClients.put(clientId, userId);
        }
        client.consume(seq, event.eventId());
        ledger.putClient(clientId, client);
        return decide(new LogEntry.Accepted(version, clientId, serverMs, event, userId));
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
        RejectReason refused = members.refusal(entry.userId(), body);
        if (refused != null) {
            return rejected(entry, refused, null);
        }
        Membership after = members.after(entry.userId(), body);
        if (after.size() > members.size() && after.size() > limits.members()) {
            return rejected(entry, RejectReason.LIST_LIMIT, ListLimit.MEMBERS);
        }
        LogEntry verdict = switch (body) {
            case EventBody.ListCreated c -> withTitle(entry, c.title());
            case EventBody.ListRenamed r -> withTitle(entry, r.title());
            case EventBody.ItemEvent e -> withItem(entry, e.itemId());
            case EventBody.MemberEvent m -> entry;
        };
        if (verdict == entry) {
            if (body instanceof EventBody.ListCreated c) {
                created = true;
                policy = c.policy();
            }
            if (after != members) { // Membership.after applied the entry to a copy, as the fold applies it
                members = after;
                membersChanged = true;
            }
        }
        return verdict;
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

    private static LogEntry.Rejected rejected(LogEntry.Accepted entry, RejectReason reason, ListLimit limit) {
        return new LogEntry.Rejected(entry.listVersion(), entry.clientId(), entry.serverMs(), entry.eventId(),
                entry.clientSeq(), reason, null, limit == null ? null : limit.wireName(), entry.userId(), false);
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
        return memory().clientSeqs();
    }

    /** clientId -> user of every client that belongs to one, for a sequence whose ledger is in memory. */
    public Map<String, String> clientUsers() {
        return memory().clientUsers();
    }

    private ListLedger.InMemory memory() {
        if (ledger instanceof ListLedger.InMemory memory) {
            return memory;
        }
        throw new UnsupportedOperationException("clients of a ledger that is not in memory");
    }
}
