package io.offlinesync.query.catchup;

import io.offlinesync.protocol.LogEntryJson;
import io.offlinesync.query.QueryTopology;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.avro.ListHead;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Indexes each todo.events entry and moves its list's head. The head is written before the index entry,
 * so a reader that scans the index and then reads the head never sees an entry beyond the head.
 * Re-delivered entries (at-least-once) rewrite the same index value and never move the head back.
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
        LogEntry entry = record.value();
        if (entry == null) {
            return;
        }
        String listId = entry.getListId();
        ListHead head = heads.get(listId);
        if (head == null || entry.getListVersion() > head.getHead()) {
            Map<String, Long> clientSeqs = new HashMap<>(head == null ? Map.of() : head.getClientSeqs());
            if (!(entry.getBody() instanceof Rejected r) || EventCodec.consumesClientSeq(r)) {
                clientSeqs.put(entry.getClientId(), entry.getClientSeq());
            }
            heads.put(listId, new ListHead(entry.getListVersion(), clientSeqs));
        }
        index.put(IndexKey.of(listId, entry.getListVersion()),
                LogEntryJson.write(EventCodec.fromAvro(entry)).getBytes(StandardCharsets.UTF_8));
        headWatch.advanced(listId, entry.getListVersion());
    }
}
