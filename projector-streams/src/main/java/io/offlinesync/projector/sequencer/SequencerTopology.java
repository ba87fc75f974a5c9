package io.offlinesync.projector.sequencer;

import io.offlinesync.domain.ListLimits;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.schemas.avro.ItemState;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.SequenceState;
import io.offlinesync.schemas.avro.SequencerClient;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * todo.inbox -> todo.events. The single writer per partition that turns client batches (duplicates
 * and all) into each list's dense, ordered log. Run with exactly_once_v2: the store update and the
 * appended entries commit together with the inbox offset.
 */
public final class SequencerTopology {

    public static final String APPLICATION_ID = "todo-sequencer";
    public static final String STORE = "sequencer-lists";
    /** One record per (list, client): its last clientSeq and its latest eventIds. */
    public static final String CLIENTS_STORE = "sequencer-clients";
    /** One record per (list, item): the item as the fold holds it, to size the list's state. */
    public static final String ITEMS_STORE = "sequencer-items";

    private SequencerTopology() {
    }

    /** The topology without monitoring, with the default list limits. */
    public static Topology build(ValueSerdes serdes) {
        return build(serdes, SequencerCounts.NONE, ListLimits.DEFAULTS);
    }

    /**
     * @param counts told what became of every event processed; these count processing attempts, which
     *               exactly-once may repeat after a crash (see {@link SequencerCounts})
     * @param limits every list's bounds
     */
    public static Topology build(ValueSerdes serdes, SequencerCounts counts, ListLimits limits) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), serdes.forType(SequenceState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CLIENTS_STORE), Serdes.String(), serdes.forType(SequencerClient.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ITEMS_STORE), Serdes.String(), serdes.forType(ItemState.class)));
        builder.stream(Topics.INBOX, Consumed.with(Serdes.String(), serdes.forType(InboxBatch.class)))
                .process(() -> new SequencerProcessor(counts, limits), STORE, CLIENTS_STORE, ITEMS_STORE)
                .to(Topics.EVENTS, Produced.with(Serdes.String(), serdes.forType(LogEntry.class)));
        return builder.build();
    }
}
