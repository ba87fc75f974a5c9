package io.offlinesync.projector.sequencer;

import io.offlinesync.domain.ClientHistory;
import io.offlinesync.domain.ListLimits;
import io.offlinesync.domain.ListSequence;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.avro.ClientEvent;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.schemas.avro.ItemState;
import io.offlinesync.schemas.avro.SequenceState;
import io.offlinesync.schemas.avro.SequencerClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link ListSequence} to every event of an inbox batch and forwards the entries to append. The list's
 * head, its clients and the items the batch touches are read from the stores and written back in the same
 * exactly-once transaction as the entries.
 */
final class SequencerProcessor implements Processor<String, InboxBatch, String, io.offlinesync.schemas.avro.LogEntry> {

    private static final Logger log = LoggerFactory.getLogger(SequencerProcessor.class);

    private final SequencerCounts counts;
    private final ListLimits limits;
    private ProcessorContext<String, io.offlinesync.schemas.avro.LogEntry> context;
    private KeyValueStore<String, SequenceState> lists;
    private KeyValueStore<String, SequencerClient> clients;
    private KeyValueStore<String, ItemState> items;

    SequencerProcessor(SequencerCounts counts, ListLimits limits) {
        this.counts = counts;
        this.limits = limits;
    }

    @Override
    public void init(ProcessorContext<String, io.offlinesync.schemas.avro.LogEntry> context) {
        this.context = context;
        this.lists = context.getStateStore(SequencerTopology.STORE);
        this.clients = context.getStateStore(SequencerTopology.CLIENTS_STORE);
        this.items = context.getStateStore(SequencerTopology.ITEMS_STORE);
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
        ListSequence sequence = new ListSequence(ledger, limits, counts(stored, ledger));
        ListSequence.Counts before = sequence.counts();
        // decide the whole batch before writing anything: a batch that fails (and is dead-lettered) leaves the
        // stores and the log as they were, never half of it
        List<io.offlinesync.schemas.avro.LogEntry> appended = new ArrayList<>();
        List<LogEntry> outcomes = new ArrayList<>();
        for (ClientEvent event : batch.getEvents()) {
            LogEntry entry = sequence.admit(batch.getClientId(), batch.getReceivedMs(), EventCodec.fromAvro(event));
            if (entry != null) {
                appended.add(EventCodec.toAvro(listId, entry));
            }
            outcomes.add(entry);
        }
        ListSequence.Counts after = sequence.counts();
        ledger.flush();
        if (migrated || !after.equals(before)) {
            lists.put(listId, new SequenceState(after.head(), after.created(), Map.of(),
                    after.policy() == null ? null : EventCodec.toAvro(after.policy()), after.clients(), after.items(),
                    after.stateBytes(), after.titleBytes(), Map.of()));
        }
        appended.forEach(entry -> context.forward(record.withKey(listId).withValue(entry)));
        outcomes.forEach(this::count);
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
