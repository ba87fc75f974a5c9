package io.offlinesync.query;

import io.offlinesync.query.QueryTopology;
import io.offlinesync.query.catchup.EventIndexer;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.query.fence.ListStateWatch;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListHead;
import io.offlinesync.schemas.avro.LogEntry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Every local store of the query-api, in one Kafka Streams topology: a per-list event index holding each entry as
 * served JSON, a value per todo.events segment keyed (listId, its last listVersion) ({@code catchup/IndexSegment}),
 * so catch-up is one range scan; the per-list head; the list states of every served projection (todo.lists.vN into
 * store lists-vN).
 *
 * <p>What it costs per record, measured (JFR of the query-api under the sustained load, BENCHMARKS.md): the
 * list states are kept as the bytes of todo.lists.vN, decoded only for the one state a read serves (decoding
 * and re-encoding each state on its way into the store was 19% of the stream thread); a list's head and its index
 * value are written once per record of todo.events (a segment of its entries), not once per entry. No store is
 * cached:
 * <ul>
 * <li>Kafka Streams' record cache (4.1) keeps each entry's source record with it (KIP-1034's raw key and value, for
 *   error handlers) and counts none of it against {@code statestore.cache.max.bytes}. Cached heads kept their whole
 *   todo.events segments alive: 82,539 of them held 660 MB of a 1 GB heap on a stack of 100,000 lists, and the
 *   collector hardly stopped (BENCHMARKS.md, "Issue 15, eighth part").</li>
 * <li>A cached table passes its updates on only when the cache is flushed (each commit), and a read waiting for a
 *   read-your-writes fence is woken by the update itself ({@link ListStateWatch}).</li>
 * </ul>
 */
public final class QueryTopology {

    public static final String APPLICATION_ID = "todo-query-api";
    public static final String INDEX_STORE = "event-index";
    public static final String HEADS_STORE = "list-heads";
    /** The stores of a list's log, read together (one task): the heads first, the one a read is routed by. */
    public static final List<String> LOG_STORES = List.of(HEADS_STORE, INDEX_STORE);

    private QueryTopology() {
    }

    /** The store of projection {@code v1}'s list states is {@code lists-v1}, and so on. */
    public static String listsStore(String projection) {
        return "lists-" + projection;
    }

    /** With a state watch nobody waits on (tests of the log stores). */
    public static Topology build(ValueSerdes serdes, HeadWatch headWatch, List<String> projections) {
        return build(serdes, headWatch, new ListStateWatch(), projections);
    }

    /** @param stateWatch told of every list state each served projection's table takes */
    public static Topology build(ValueSerdes serdes, HeadWatch headWatch, ListStateWatch stateWatch,
                                 List<String> projections) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray())); // IndexSegment
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HEADS_STORE), Serdes.String(), serdes.forType(ListHead.class)));
        builder.stream(Topics.EVENTS, Consumed.with(Serdes.String(), serdes.forType(LogEntry.class)))
                .process(() -> new EventIndexer(headWatch), INDEX_STORE, HEADS_STORE);
        for (String projection : projections) {
            builder.table(Topics.lists(projection), Consumed.with(Serdes.String(), Serdes.ByteArray()),
                    Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(listsStore(projection))
                            .withKeySerde(Serdes.String())
                            .withValueSerde(Serdes.ByteArray())
                            .withCachingDisabled()) // see above: each update reaches the watch as it is stored
                    .toStream()
                    .foreach((listId, state) -> stateWatch.changed(projection, listId));
        }
        return builder.build(optimization());
    }

    /**
     * The list-state table reads todo.lists.v1 as its own changelog instead of copying it into one.
     * The running application must be configured with the same setting.
     */
    public static Properties optimization() {
        Properties props = new Properties();
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS);
        return props;
    }
}
