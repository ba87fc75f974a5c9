package io.offlinesync.projector.sequencer;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.SequenceState;
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

    private SequencerTopology() {
    }

    /** The topology without monitoring. */
    public static Topology build(ValueSerdes serdes) {
        return build(serdes, SequencerCounts.NONE);
    }

    /**
     * @param counts told what became of every event processed; these count processing attempts, which
     *               exactly-once may repeat after a crash (see {@link SequencerCounts})
     */
    public static Topology build(ValueSerdes serdes, SequencerCounts counts) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), serdes.forType(SequenceState.class)));
        builder.stream(Topics.INBOX, Consumed.with(Serdes.String(), serdes.forType(InboxBatch.class)))
                .process(() -> new SequencerProcessor(counts), STORE)
                .to(Topics.EVENTS, Produced.with(Serdes.String(), serdes.forType(LogEntry.class)));
        return builder.build();
    }
}
