package io.offlinesync.projector.sequencer;

import io.offlinesync.domain.ClientHistory;
import io.offlinesync.domain.ListLimits;
import io.offlinesync.domain.ListSequence;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Membership;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.ListAccessCodec;
import io.offlinesync.schemas.avro.ClientEvent;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.schemas.avro.ItemState;
import io.offlinesync.schemas.avro.ListAccess;
import io.offlinesync.schemas.avro.SequenceState;
import io.offlinesync.schemas.avro.SequencerClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link ListSequence} to every event of an inbox batch, as the batch's user ({@code InboxBatch.userId}, null
 * for batches without one), and appends the entries to todo.events as one record, a segment of consecutive entries
 * ({@link EventCodec#segments}): every reader downstream then pays Kafka's and Kafka Streams' per-record costs once
 * per batch, not once per event. The list's head and members, its
 * clients and the items the batch touches are read from the stores and written back in the same exactly-once
 * transaction as the entries. When the batch changed who may use the list (the list created, a member added, changed
 * or removed, a client that came to belong to a user) it also forwards the list's new {@link ListAccess} to
 * todo.members, in the same transaction. While it keeps up it asks for a commit after a batch instead of waiting for
 * the commit interval ({@link EarlyCommit}): the commit is when the batch's entries become readable.
 */
final class SequencerProcessor implements Processor<String, InboxBatch, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(SequencerProcessor.class);

    private final SequencerCounts counts;
    private final int segmentEntries;
    private final ListLimits limits;
    private final EarlyCommit early;
    private EarlyCommits earlyCommits;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, SequenceState> lists;
    private KeyValueStore<String, SequencerClient> clients;
    private KeyValueStore<String, ItemState> items;
    private KeyValueStore<String, ListAccess> access;

    /** @param segmentEntries entries per todo.events record, at most ({@link SequencerTopology#MAX_SEGMENT_ENTRIES}) */
    SequencerProcessor(SequencerCounts counts, ListLimits limits, EarlyCommit early, int segmentEntries) {
        this.segmentEntries = segmentEntries;
        this.counts = counts;
        this.limits = limits;
        this.early = early;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.lists = context.getStateStore(SequencerTopology.STORE);
        this.clients = context.getStateStore(SequencerTopology.CLIENTS_STORE);
        this.items = context.getStateStore(SequencerTopology.ITEMS_STORE);
        this.access = context.getStateStore(SequencerTopology.ACCESS_STORE);
        if (early.enabled()) {
            earlyCommits = EarlyCommits.ofThisThread(early);
            context.schedule(early.check(), PunctuationType.WALL_CLOCK_TIME, earlyCommits::commitIfDue);
        }
    }

    @Override
    public void close() {
        if (earlyCommits != null) {
            earlyCommits.closed(context);
        }
    }

    @Override
    public void process(Record<String, InboxBatch> record) {
        InboxBatch batch = record.value();
        if (batch == null) {
            return;
        }
        String listId = batch.getListId();
        if (record.key() != null && !record.key().equals(listId)) {
            log.warn("inbox record key {} differs from its listId {}; sequencing by listId", record.key(), listId);
        }
        StoreLedger ledger = new StoreLedger(listId, clients, items);
        SequenceState stored = lists.get(listId);
        boolean migrated = stored != null && !stored.getClientSeqs().isEmpty();
        ListSequence sequence = new ListSequence(ledger, limits, counts(stored, ledger),
                new Membership(stored == null ? Map.of() : ListAccessCodec.roles(stored.getMembers())));
        ListSequence.Counts before = sequence.counts();
        // decide the whole batch before writing anything: a batch that fails (and is dead-lettered) leaves the
        // stores and the log as they were, never half of it
        List<LogEntry> appended = new ArrayList<>();
        List<LogEntry> outcomes = new ArrayList<>();
        for (ClientEvent event : batch.getEvents()) {
            LogEntry entry = sequence.admit(batch.getClientId(), batch.getUserId(), batch.getReceivedMs(),
                    EventCodec.fromAvro(event));
            if (entry != null) {
                appended.add(entry);
            }
            outcomes.add(entry);
        }
        ListSequence.Counts after = sequence.counts();
        boolean accessChanged = sequence.membersChanged() || !sequence.ownedClients().isEmpty()
                || (after.created() && !before.created());
        ListAccess nextAccess = accessChanged ? nextAccess(listId, sequence) : null;
        ledger.flush();
        if (migrated || !after.equals(before) || sequence.membersChanged()) {
            lists.put(listId, new SequenceState(after.head(), after.created(), Map.of(),
                    after.policy() == null ? null : EventCodec.toAvro(after.policy()), after.clients(), after.items(),
                    after.stateBytes(), after.titleBytes(), ListAccessCodec.roleNames(sequence.members().members())));
        }
        for (var segment : EventCodec.segments(listId, appended, segmentEntries)) {
            context.forward(record.withKey(listId).withValue(segment), SequencerTopology.EVENTS_SINK);
        }
        if (nextAccess != null) {
            access.put(listId, nextAccess);
            context.forward(record.withKey(listId).withValue(nextAccess), SequencerTopology.MEMBERS_SINK);
        }
        outcomes.forEach(this::count);
        if (earlyCommits != null) {
            earlyCommits.processed(context, context.currentSystemTimeMs(), record.timestamp());
        }
    }

    /** The list's access after the batch: its members now, and the clients it knew plus those the batch gave a user. */
    private ListAccess nextAccess(String listId, ListSequence sequence) {
        ListAccess last = access.get(listId);
        Map<String, String> owners = new TreeMap<>(last == null ? Map.of() : last.getClients());
        owners.putAll(sequence.ownedClients());
        return ListAccessCodec.toAvro(sequence.members().members(), owners);
    }

    /**
     * The list's counts; a list stored before clients had keys of their own (version 1 of its state) has its
     * clients moved into the ledger here, once.
     */
    private static ListSequence.Counts counts(SequenceState stored, StoreLedger ledger) {
        if (stored == null) {
            return new ListSequence.Counts(0, false, null, 0, 0, 0, 0);
        }
        stored.getClientSeqs().forEach((clientId, seq) -> ledger.putClient(clientId, new ClientHistory(seq, new long[0])));
        return new ListSequence.Counts(stored.getHead(), stored.getCreated(),
                stored.getPolicy() == null ? null : EventCodec.fromAvro(stored.getPolicy()),
                stored.getClients() + stored.getClientSeqs().size(), stored.getItems(), stored.getStateBytes(),
                stored.getTitleBytes());
    }

    private void count(LogEntry entry) {
        switch (entry) {
            case null -> counts.duplicate();
            case LogEntry.Rejected rejected -> counts.rejected(rejected.reason());
            case LogEntry.Accepted accepted -> counts.accepted();
        }
    }
}
