package io.offlinesync.query.catchup;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.schemas.avro.ListHead;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Writes a long log straight into an event index's stores, as the indexer would leave them (one segment, in chunks): for tests that need
 * megabytes of backlog, which a TopologyTestDriver would take a minute to index entry by entry (it flushes the
 * stores after each record).
 */
public final class IndexFill {

    private IndexFill() {
    }

    public static void put(KeyValueStore<Bytes, byte[]> index, KeyValueStore<String, ListHead> heads, String listId,
                           List<LogEntry> entries) {
        for (IndexSegment.Chunk chunk : IndexSegment.chunks(entries)) {
            index.put(IndexKey.of(listId, chunk.lastVersion()), chunk.value());
        }
        heads.put(listId, new ListHead(entries.getLast().listVersion(), Map.of(entries.getLast().clientId(),
                entries.getLast().listVersion())));
    }
}
