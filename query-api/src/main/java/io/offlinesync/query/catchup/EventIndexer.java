package io.offlinesync.query.catchup;

import io.offlinesync.query.QueryTopology;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.avro.ListHead;
import io.offlinesync.schemas.avro.LogEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Indexes each todo.events record and moves its list's head. A record is a segment, the entries of one sequenced
 * batch ({@link EventCodec#entriesOf}): it is indexed in values of a few dozen entries ({@link IndexSegment}), and
 * its list's head moves once, to its last entry. The head is written before the index: a reader takes the head
 * first and serves entries up to it only ({@link CatchUpQuery}), and one that waits for an entry checks the head's
 * own value is in. A re-delivered record (at-least-once) rewrites the same values under the same keys and never
 * moves the head back.
 */
public final class EventIndexer implements Processor<String, LogEntry, Void, Void> {

    private final HeadWatch headWatch;
    private KeyValueStore<Bytes, byte[]> index;
    private KeyValueStore<String, ListHead> heads;

    public EventIndexer(HeadWatch headWatch) {
        this.headWatch = headWatch;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        index = context.getStateStore(QueryTopology.INDEX_STORE);
        heads = context.getStateStore(QueryTopology.HEADS_STORE);
    }

    @Override
    public void process(Record<String, LogEntry> record) {
        LogEntry segment = record.value();
        if (segment == null) {
            return;
        }
        String listId = segment.getListId();
        List<io.offlinesync.domain.LogEntry> entries = EventCodec.entriesOf(segment);
        long last = entries.getLast().listVersion();
        ListHead head = heads.get(listId);
        if (head == null || last > head.getHead()) {
            Map<String, Long> clientSeqs = new HashMap<>(head == null ? Map.of() : head.getClientSeqs());
            for (io.offlinesync.domain.LogEntry entry : entries) {
                if (entry.consumesClientSeq()) {
                    clientSeqs.put(entry.clientId(), entry.clientSeq());
                }
            }
            heads.put(listId, new ListHead(last, clientSeqs));
        }
        for (IndexSegment.Chunk chunk : IndexSegment.chunks(entries)) {
            index.put(IndexKey.of(listId, chunk.lastVersion()), chunk.value());
        }
        headWatch.advanced(listId, last);
    }
}
