package io.offlinesync.projector.projection;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * todo.events -> fold -> todo.lists.vN, for any {@link ProjectionVersion}. Each event is decoded and tagged
 * with its position in todo.events, and folded into its list by {@link ListFoldProcessor}, which emits each
 * changed list's state once per flush, once the list is created. Values travel as bytes past the source
 * and to the sink: the processor encodes and decodes them itself ({@link ListStateBytes}), once each.
 */
public final class ProjectionTopology {

    private ProjectionTopology() {
    }

    /** With the default {@link FoldTuning} and meters nobody scrapes. */
    public static Topology build(ProjectionTarget target, ValueSerdes serdes) {
        return build(target, serdes, FoldTuning.DEFAULT, ProjectionMeters.unregistered(target.name()));
    }

    /** Reading todo.events again, when a task starts with a fold marker, from the brokers the application uses. */
    public static Topology build(ProjectionTarget target, ValueSerdes serdes, FoldTuning tuning,
                                 ProjectionMeters meters) {
        return build(target, serdes, tuning, meters, new KafkaEventsPartitionReader());
    }

    /** With {@code reread} reading todo.events again when a task starts with a fold marker ({@link ListFoldProcessor}). */
    public static Topology build(ProjectionTarget target, ValueSerdes serdes, FoldTuning tuning,
                                 ProjectionMeters meters, EventsPartitionReader reread) {
        ProjectionVersion version = target.version();
        ListStateBytes bytes = new ListStateBytes(target.topic(), serdes);
        StreamsBuilder builder = new StreamsBuilder();
        // The store name and (timestamped) format of the earlier aggregate, so existing state carries over.
        builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(
                        Stores.persistentTimestampedKeyValueStore(version.store()), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled()); // the processor already writes a list once per flush
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(version.markerStore()), Serdes.String(), Serdes.Long())
                .withCachingDisabled());
        // Kept for upgrades only: the version before wrote every folded entry here; a clean shutdown leaves some.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(version.pendingStore()), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled());
        builder.stream(Topics.EVENTS, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(() -> new PositionTagger(bytes.entries()))
                .process(() -> new ListFoldProcessor(version, bytes, tuning, meters, reread),
                        version.store(), version.markerStore(), version.pendingStore())
                .to(target.topic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }
}
