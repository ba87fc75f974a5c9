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
 * todo.events -> fold -> todo.lists.vN, for any {@link ProjectionVersion}. Each event is tagged with its
 * position in todo.events, folded into its list's state by the version's fold step, and the state is
 * emitted once the list is created. The record cache collapses many events of one list into one
 * emitted state per commit.
 */
public final class ProjectionTopology {

    private ProjectionTopology() {
    }

    public static Topology build(ProjectionTarget target, ValueSerdes serdes) {
        ProjectionVersion version = target.version();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.EVENTS, Consumed.with(Serdes.String(), serdes.forType(LogEntry.class)))
                .processValues(PositionTagger::new)
                .groupByKey(Grouped.keySerde(Serdes.String()))
                .aggregate(() -> null, version::fold,
                        Materialized.<String, ListState, KeyValueStore<Bytes, byte[]>>as(version.store())
                                .withKeySerde(Serdes.String())
                                .withValueSerde(serdes.forType(ListState.class)))
                .toStream()
                .filter((listId, state) -> state != null && state.getCreated())
                .to(target.topic(), Produced.with(Serdes.String(), serdes.forType(ListState.class)));
        return builder.build();
    }
}
