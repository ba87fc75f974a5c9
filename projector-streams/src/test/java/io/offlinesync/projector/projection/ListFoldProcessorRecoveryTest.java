package io.offlinesync.projector.projection;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a task that starts after a crash or a rebalance finds: entries folded and committed (they are in the
 * pending store) whose list state was never stored. The next instance must fold them in and emit the state.
 */
class ListFoldProcessorRecoveryTest {

    private static final ProjectionVersion VERSION = ProjectionVersion.V1;
    private static final FoldTuning TUNING = new FoldTuning(Duration.ofMillis(100), 1000, 10);

    private static final ListStateBytes BYTES = new ListStateBytes(VERSION.topic(), ValueSerdes.plain());
    private static final PlainAvroSerde<io.offlinesync.schemas.avro.LogEntry> ENTRIES =
            new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class);

    private TimestampedKeyValueStore<String, byte[]> states;
    private KeyValueStore<String, byte[]> pending;

    @BeforeEach
    void stores() {
        states = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(VERSION.store()),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        pending = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(VERSION.pendingStore()),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
    }

    private ListState stored(String listId) {
        return BYTES.decode(states.get(listId).value());
    }

    /** A fresh processor on the same stores, as a new task instance would be. */
    private MockProcessorContext<String, byte[]> start(ListFoldProcessor processor) {
        MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(5_000);
        states.init(context.getStateStoreContext(), states);
        pending.init(context.getStateStoreContext(), pending);
        context.addStateStore(states);
        context.addStateStore(pending);
        processor.init(context);
        return context;
    }

    private static ListFoldProcessor processor() {
        return new ListFoldProcessor(VERSION, BYTES, TUNING, ProjectionMeters.unregistered("v1"));
    }

    private static Record<String, PositionedEntry> record(long offset, LogEntry entry) {
        io.offlinesync.schemas.avro.LogEntry avro = EventCodec.toAvro("g", entry);
        return new Record<>("g", new PositionedEntry(avro, ENTRIES.serializer().serialize(Topics.EVENTS, avro),
                new SourcePosition(Topics.EVENTS, 0, offset)), 1000 + offset);
    }

    private void punctuate(MockProcessorContext<String, byte[]> context) {
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(context.currentSystemTimeMs()));
    }

    private long pendingCount() {
        long n = 0;
        try (KeyValueIterator<String, byte[]> it = pending.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void entriesFoldedBeforeACrashAreInTheNextInstancesFirstFlush() {
        ListFoldProcessor first = processor();
        MockProcessorContext<String, byte[]> before = start(first);
        first.process(record(0, accepted(1, "ann", 1, 1000, created("G"))));
        punctuate(before);
        first.process(record(1, accepted(2, "ann", 2, 1100, added("milk", "Milk"))));
        first.process(record(2, accepted(3, "ann", 3, 1200, added("eggs", "Eggs"))));
        // the crash: offsets 0-2 are committed, the last flush saw only offset 0
        assertThat(stored("g").getListVersion()).isEqualTo(1L);
        assertThat(pendingCount()).isEqualTo(2);

        MockProcessorContext<String, byte[]> after = start(processor());
        punctuate(after);

        List<ListState> emitted = after.forwarded().stream().map(f -> BYTES.decode(f.record().value())).toList();
        assertThat(emitted).hasSize(1);
        assertThat(emitted.get(0).getListVersion()).isEqualTo(3L);
        assertThat(emitted.get(0).getFoldedEntries()).isEqualTo(3L);
        assertThat(emitted.get(0).getSource().getOffset()).isEqualTo(2L);
        assertThat(stored("g")).isEqualTo(emitted.get(0));
        assertThat(pendingCount()).as("the flush that stored the state deleted its pending entries").isZero();
    }

    @Test
    void anEntryRedeliveredAfterTheCrashIsNotFoldedTwice() {
        ListFoldProcessor first = processor();
        start(first);
        first.process(record(0, accepted(1, "ann", 1, 1000, created("G"))));
        first.process(record(1, accepted(2, "ann", 2, 1100, added("milk", "Milk"))));

        ListFoldProcessor second = processor();
        MockProcessorContext<String, byte[]> after = start(second);
        second.process(record(1, accepted(2, "ann", 2, 1100, added("milk", "Milk"))));
        second.process(record(2, accepted(3, "ann", 3, 1200, added("eggs", "Eggs"))));
        punctuate(after);

        ListState state = stored("g");
        assertThat(state.getListVersion()).isEqualTo(3L);
        assertThat(state.getFoldedEntries()).isEqualTo(3L);
        assertThat(state.getItems()).hasSize(2);
        assertThat(pendingCount()).isZero();
    }
}
