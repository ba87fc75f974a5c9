package io.offlinesync.projector.sequencer;

import io.offlinesync.domain.ListSequence;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.avro.ClientEvent;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.schemas.avro.SequenceState;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@link ListSequence} to every event of an inbox batch and forwards the entries to append. */
final class SequencerProcessor implements Processor<String, InboxBatch, String, io.offlinesync.schemas.avro.LogEntry> {

    private static final Logger log = LoggerFactory.getLogger(SequencerProcessor.class);

    private final SequencerCounts counts;
    private ProcessorContext<String, io.offlinesync.schemas.avro.LogEntry> context;
    private KeyValueStore<String, SequenceState> store;

    SequencerProcessor(SequencerCounts counts) {
        this.counts = counts;
    }

    @Override
    public void init(ProcessorContext<String, io.offlinesync.schemas.avro.LogEntry> context) {
        this.context = context;
        this.store = context.getStateStore(SequencerTopology.STORE);
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
        SequenceState stored = store.get(listId);
        ListSequence sequence = stored == null ? new ListSequence()
                : new ListSequence(stored.getHead(), stored.getCreated(), stored.getClientSeqs());
        long headBefore = sequence.head();
        for (ClientEvent event : batch.getEvents()) {
            LogEntry entry = sequence.admit(batch.getClientId(), batch.getReceivedMs(), EventCodec.fromAvro(event));
            if (entry != null) {
                context.forward(record.withKey(listId).withValue(EventCodec.toAvro(listId, entry)));
            }
            count(entry);
        }
        if (sequence.head() != headBefore) {
            store.put(listId, new SequenceState(sequence.head(), sequence.created(), sequence.clientSeqs()));
        }
    }

    private void count(LogEntry entry) {
        switch (entry) {
            case null -> counts.duplicate();
            case LogEntry.Rejected rejected -> counts.rejected(rejected.reason());
            case LogEntry.Accepted accepted -> counts.accepted();
        }
    }
}
