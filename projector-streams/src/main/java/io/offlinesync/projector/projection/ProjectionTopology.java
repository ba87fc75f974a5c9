package io.offlinesync.projector.projection;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.LogEntry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * todo.events -> fold -> todo.lists.vN, for any {@link ProjectionVersion}. Each event is tagged with its
 * position in todo.events and folded into its list by {@link ListFoldProcessor}, which emits each changed
 * list's state once per flush, once the list is created.
 */
public final class ProjectionTopology {

    private ProjectionTopology() {
    }

    /** With the default {@link FoldTuning} and meters nobody scrapes. */
    public static Topology build(ProjectionTarget target, ValueSerdes serdes) {
        return build(target, serdes, FoldTuning.DEFAULT, ProjectionMeters.unregistered(target.name()));
    }

    public static Topology build(ProjectionTarget target, ValueSerdes serdes, FoldTuning tuning,
                                 ProjectionMeters meters) {
        ProjectionVersion version = target.version();
        StreamsBuilder builder = new StreamsBuilder();
        // The same store name and (timestamped) format the earlier aggregate used, so existing state carries over.
        builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(
                        Stores.persistentTimestampedKeyValueStore(version.store()),
                        Serdes.String(), serdes.forType(ListState.class))
                .withCachingDisabled()); // the processor already writes a list once per flush
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(version.pendingStore()),
                        Serdes.String(), serdes.forType(LogEntry.class))
                .withCachingDisabled());
        builder.stream(Topics.EVENTS, Consumed.with(Serdes.String(), serdes.forType(LogEntry.class)))
                .processValues(PositionTagger::new)
                .process(() -> new ListFoldProcessor(version, version.render(), tuning, meters),
                        version.store(), version.pendingStore())
                .to(target.topic(), Produced.with(Serdes.String(), serdes.forType(ListState.class)));
        return builder.build();
    }
}
