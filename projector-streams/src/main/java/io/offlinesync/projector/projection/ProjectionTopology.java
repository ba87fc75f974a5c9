package io.offlinesync.projector.projection;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.schemas.projection.StoredProjection;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * todo.events -> fold -> todo.lists.vN, for any installed projection ({@link ProjectionTarget}). Each event is decoded and tagged
 * with its position in todo.events, and folded into its list by {@link ListFoldProcessor}, which emits each
 * changed list's state once per flush, once the list is created. Values travel as bytes past the source
 * and to the sink: the processor encodes and decodes them itself ({@link StateBytes}), once each.
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
        Folds<?, ?> folds = Folds.of(target, target.projection(), serdes, tuning, meters, reread);
        StreamsBuilder builder = new StreamsBuilder();
        // The store name and (timestamped) format of the earlier aggregate, so existing state carries over.
        builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(
                        Stores.persistentTimestampedKeyValueStore(target.store()), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled()); // the processor already writes a list once per flush
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(target.markerStore()), Serdes.String(), Serdes.Long())
                .withCachingDisabled());
        // Kept for upgrades only: the version before wrote every folded entry here; a clean shutdown leaves some.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(target.pendingStore()), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled());
        builder.stream(Topics.EVENTS, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(() -> new PositionTagger(folds.entries()))
                .process(folds, target.store(), target.markerStore(), target.pendingStore())
                .to(target.topic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    /** The fold's processors, sharing one set of encodings (registry serdes cache schemas; one per topology). */
    private record Folds<S, R extends SpecificRecord>(ProjectionTarget target, StoredProjection<S, R> stored,
                                                       StateBytes<R> bytes, FoldTuning tuning, ProjectionMeters meters,
                                                       EventsPartitionReader reread)
            implements ProcessorSupplier<String, PositionedEntry, String, byte[]> {

        static <S, R extends SpecificRecord> Folds<S, R> of(ProjectionTarget target, StoredProjection<S, R> stored,
                                                            ValueSerdes serdes, FoldTuning tuning,
                                                            ProjectionMeters meters, EventsPartitionReader reread) {
            InstalledProjections.trust(stored);
            return new Folds<>(target, stored, new StateBytes<>(target.topic(), stored.recordType(), serdes), tuning,
                    meters, reread);
        }

        Deserializer<LogEntry> entries() {
            return bytes.entries();
        }

        @Override
        public Processor<String, PositionedEntry, String, byte[]> get() {
            return new ListFoldProcessor<>(target, stored, bytes, tuning, meters, reread);
        }
    }
}
