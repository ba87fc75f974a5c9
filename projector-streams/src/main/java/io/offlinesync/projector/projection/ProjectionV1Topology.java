package io.offlinesync.projector.projection;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.LogEntry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * todo.events -> fold -> todo.lists.v1. Each event is tagged with its position in todo.events, folded
 * into its list's state by {@link ListFolder} (the domain's derivation function), and the state is
 * emitted once the list is created. The record cache collapses many events of one list into one
 * emitted state per commit.
 */
public final class ProjectionV1Topology {

    public static final String APPLICATION_ID = "todo-projection-v1";
    public static final String STORE = "lists-v1-fold";

    private ProjectionV1Topology() {
    }

    public static Topology build(ValueSerdes serdes) {
        return build(serdes, Topics.LISTS_V1);
    }

    /** The same fold writing to {@code outputTopic}: a rebuild under a fresh application id (benchmarks, replay). */
    public static Topology build(ValueSerdes serdes, String outputTopic) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.EVENTS, Consumed.with(Serdes.String(), serdes.forType(LogEntry.class)))
                .processValues(PositionTagger::new)
                .groupByKey(Grouped.keySerde(Serdes.String()))
                .aggregate(() -> null, ListFolder::fold,
                        Materialized.<String, ListState, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(serdes.forType(ListState.class)))
                .toStream()
                .filter((listId, state) -> state != null && state.getCreated())
                .to(outputTopic, Produced.with(Serdes.String(), serdes.forType(ListState.class)));
        return builder.build();
    }
}
