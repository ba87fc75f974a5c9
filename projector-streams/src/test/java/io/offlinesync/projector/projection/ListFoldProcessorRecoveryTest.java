package io.offlinesync.projector.projection;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.projection.TodoListStore;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
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
 * What a task that starts after a crash, a rebalance or a restart finds: entries folded and committed whose
 * list state was never stored, and a fold marker saying where they begin. The next instance must read them
 * again, fold them in and emit the state; so must it with what the version before left in its pending store.
 */
class ListFoldProcessorRecoveryTest {

    private static final ProjectionTarget VERSION = ProjectionTarget.live(new TodoListStore.V1());
    private static final FoldTuning TUNING = new FoldTuning(Duration.ofMillis(100), 1000, 10);

    private static final StateBytes<ListState> BYTES = new StateBytes<>(VERSION.topic(), ListState.class, ValueSerdes.plain());
    private static final PlainAvroSerde<io.offlinesync.schemas.avro.LogEntry> ENTRIES =
            new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class);
    private static final EventsPartitionReader NO_READS = (application, configs, partition, from, each) -> {
        throw new AssertionError("read todo.events again from " + from + " without a marker");
    };

    private static final List<LogEntry> LOG = List.of(
            accepted(1, "ann", 1, 1000, created("G")),
            accepted(2, "ann", 2, 1100, added("milk", "Milk")),
            accepted(3, "ann", 3, 1200, added("eggs", "Eggs")));

    private TimestampedKeyValueStore<String, byte[]> states;
    private KeyValueStore<String, Long> marker;
    private KeyValueStore<String, byte[]> pending;
    /** todo.events as committed: every entry of LOG the test has processed. */
    private final InMemoryEvents log = new InMemoryEvents();

    @BeforeEach
    void stores() {
        states = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(VERSION.store()),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        marker = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(VERSION.markerStore()),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
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
        for (var store : List.of(states, marker, pending)) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        processor.init(context);
        return context;
    }

    private static ListFoldProcessor processor(EventsPartitionReader reread) {
        return new ListFoldProcessor<>(VERSION, new TodoListStore.V1(), BYTES, TUNING, ProjectionMeters.unregistered("v1"), reread);
    }

    /** The entry of LOG at {@code offset}, appended to the committed log and processed. */
    private void process(ListFoldProcessor processor, int offset) {
        log.append("g", LOG.get(offset), 1000 + offset);
        processor.process(record(offset, LOG.get(offset)));
    }

    private static Record<String, PositionedEntry> record(long offset, LogEntry entry) {
        return new Record<>("g", new PositionedEntry(EventCodec.toAvro("g", entry),
                new SourcePosition(Topics.EVENTS, 0, offset)), 1000 + offset);
    }

    private void punctuate(MockProcessorContext<String, byte[]> context) {
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(context.currentSystemTimeMs()));
    }

    private static List<ListState> emitted(MockProcessorContext<String, byte[]> context) {
        return context.forwarded().stream().map(f -> BYTES.decode(f.record().value())).toList();
    }

    private long count(KeyValueStore<String, ?> store) {
        long n = 0;
        try (KeyValueIterator<String, ?> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void entriesFoldedBeforeACrashAreReadAgainFromTheMarkerIntoTheNextInstancesFirstFlush() {
        ListFoldProcessor first = processor(NO_READS);
        MockProcessorContext<String, byte[]> before = start(first);
        process(first, 0);
        punctuate(before);
        assertThat(count(marker)).as("the flush deleted the marker").isZero();
        process(first, 1);
        process(first, 2);
        // the crash: offsets 0-2 are committed, the last flush saw only offset 0
        assertThat(stored("g").getListVersion()).isEqualTo(1L);
        assertThat(marker.get(Topics.EVENTS + "-0")).as("the first entry after the flush").isEqualTo(1L);
        assertThat(count(pending)).as("nothing is written per entry").isZero();

        MockProcessorContext<String, byte[]> after = start(processor(log));
        assertThat(log.readsFrom).containsExactly(1L);
        punctuate(after);

        List<ListState> emitted = emitted(after);
        assertThat(emitted).hasSize(1);
        assertThat(emitted.get(0).getListVersion()).isEqualTo(3L);
        assertThat(emitted.get(0).getFoldedEntries()).isEqualTo(3L);
        assertThat(emitted.get(0).getSource().getOffset()).isEqualTo(2L);
        assertThat(stored("g")).isEqualTo(emitted.get(0));
        assertThat(count(marker)).as("the flush that stored the state deleted the marker").isZero();
    }

    @Test
    void segmentsFoldedBeforeACrashAreReadAgainWholeAndARedeliveredOneChangesNothing() {
        List<LogEntry> firstBatch = List.of(accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1000, added("milk", "Milk")), accepted(3, "ann", 3, 1000, added("eggs", "Eggs")));
        List<LogEntry> secondBatch = List.of(accepted(4, "ann", 4, 1300, added("tea", "Tea")),
                accepted(5, "ann", 5, 1300, added("jam", "Jam")));
        List<LogEntry> thirdBatch = List.of(accepted(6, "bob", 1, 1500, added("oats", "Oats")));
        ListFoldProcessor first = processor(NO_READS);
        MockProcessorContext<String, byte[]> before = start(first);
        processSegment(first, firstBatch);
        punctuate(before);
        processSegment(first, secondBatch);
        processSegment(first, thirdBatch);
        // the crash: offsets 0-2 are committed, the last flush saw only the first segment
        assertThat(stored("g").getListVersion()).isEqualTo(3L);
        assertThat(marker.get(Topics.EVENTS + "-0")).as("the first record after the flush").isEqualTo(1L);

        ListFoldProcessor second = processor(log);
        MockProcessorContext<String, byte[]> after = start(second);
        assertThat(log.readsFrom).containsExactly(1L);
        second.process(segmentRecord(1, secondBatch)); // delivered again after the re-read
        punctuate(after);

        List<ListState> emitted = emitted(after);
        assertThat(emitted).hasSize(1);
        assertThat(emitted.getFirst().getListVersion()).isEqualTo(6L);
        assertThat(emitted.getFirst().getFoldedEntries()).as("every entry once").isEqualTo(6L);
        assertThat(emitted.getFirst().getItems()).extracting(i -> i.getItemId()).containsExactly("milk", "eggs", "tea", "jam", "oats");
        assertThat(emitted.getFirst().getSource().getOffset()).as("the record that held the last entry").isEqualTo(2L);
        assertThat(count(marker)).isZero();
    }

    /** A batch's entries as one record, appended to the committed log and processed; its offset is returned. */
    private long processSegment(ListFoldProcessor processor, List<LogEntry> batch) {
        long offset = log.append("g", InMemoryEvents.segment("g", batch), 1000);
        processor.process(segmentRecord(offset, batch));
        return offset;
    }

    private static Record<String, PositionedEntry> segmentRecord(long offset, List<LogEntry> batch) {
        return new Record<>("g", new PositionedEntry(EventCodec.segments("g", batch, batch.size()).getFirst(),
                new SourcePosition(Topics.EVENTS, 0, offset)), 1000 + offset);
    }

    @Test
    void anEntryRedeliveredAfterTheCrashIsNotFoldedTwice() {
        ListFoldProcessor first = processor(NO_READS);
        start(first);
        process(first, 0);
        process(first, 1);

        ListFoldProcessor second = processor(log);
        MockProcessorContext<String, byte[]> after = start(second);
        second.process(record(1, LOG.get(1))); // read again from the marker, and delivered again
        second.process(record(2, LOG.get(2)));
        punctuate(after);

        ListState state = stored("g");
        assertThat(state.getListVersion()).isEqualTo(3L);
        assertThat(state.getFoldedEntries()).isEqualTo(3L);
        assertThat(state.getItems()).hasSize(2);
        assertThat(count(marker)).isZero();
    }

    @Test
    void aStartThatCannotReadTheLogFailsAndKeepsTheMarkerForTheNextOne() {
        ListFoldProcessor first = processor(NO_READS);
        start(first);
        process(first, 0);
        process(first, 1);

        EventsPartitionReader away = (application, configs, partition, from, each) -> {
            throw new TimeoutException("the broker is away");
        };
        assertThatThrownBy(() -> start(processor(away))).isInstanceOf(RetriableException.class);
        assertThat(marker.get(Topics.EVENTS + "-0")).isZero();
        assertThat(states.get("g")).isNull();

        MockProcessorContext<String, byte[]> later = start(processor(log));
        punctuate(later);
        assertThat(stored("g").getListVersion()).isEqualTo(2L);
        assertThat(count(marker)).isZero();
    }

    /**
     * A record that could not be read when it was first processed went to the dead letters and the partition went
     * on; read again from the marker, it is skipped again rather than stop every start of the task.
     */
    @Test
    void aRecordThatWasDeadLetteredIsSkippedAgainWhenReadFromTheMarker() {
        ListFoldProcessor first = processor(NO_READS);
        start(first);
        process(first, 0);
        long poison = log.append("g", "{\"not\": \"avro\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1500);
        // offset 1 could not be decoded: dead-lettered before it reached the fold; the next entry is at offset 2
        log.append("g", LOG.get(1), 1600);
        first.process(new Record<>("g", new PositionedEntry(EventCodec.toAvro("g", LOG.get(1)),
                new SourcePosition(Topics.EVENTS, 0, poison + 1)), 1600));

        MockProcessorContext<String, byte[]> after = start(processor(log));
        punctuate(after);
        assertThat(log.readsFrom).containsExactly(0L);
        assertThat(stored("g").getListVersion()).isEqualTo(2L);
        assertThat(stored("g").getSource().getOffset()).isEqualTo(2L);
    }

    /** An upgrade: the version before left folded entries in its pending store (a clean shutdown does). */
    @Test
    void entriesThePreviousVersionLeftInItsPendingStoreAreFoldedAndDeletedByTheFirstFlush() {
        ListFoldProcessor first = processor(NO_READS);
        MockProcessorContext<String, byte[]> before = start(first);
        process(first, 0);
        punctuate(before);
        for (int offset = 1; offset <= 2; offset++) {
            pending.put(PendingEntries.key("g", offset),
                    ENTRIES.serializer().serialize(Topics.EVENTS, EventCodec.toAvro("g", LOG.get(offset))));
        }

        ListFoldProcessor upgraded = processor(NO_READS);
        MockProcessorContext<String, byte[]> after = start(upgraded);
        punctuate(after);

        List<ListState> emitted = emitted(after);
        assertThat(emitted).hasSize(1);
        assertThat(emitted.get(0).getListVersion()).isEqualTo(3L);
        assertThat(emitted.get(0).getFoldedEntries()).isEqualTo(3L);
        assertThat(emitted.get(0).getSource().getOffset()).isEqualTo(2L);
        assertThat(stored("g")).isEqualTo(emitted.get(0));
        assertThat(count(pending)).as("the first flush deleted the old pending entries").isZero();
        assertThat(count(marker)).isZero();
    }
}
