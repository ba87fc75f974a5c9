package io.offlinesync.projector.projection;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.projection.Projection;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.SourcePosition;
import io.offlinesync.schemas.projection.StoredProjection;
import io.offlinesync.streams.deadletters.DeadLetterHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds todo.events into each list's state with a projection's derivation ({@link Projection}, any installed
 * one) and emits the state of every list an event changed, once per flush, in the projection's own record. A
 * todo.events record is a segment, the entries of one sequenced batch ({@link EventCodec#entriesOf}); the state's
 * {@code source} is the position of the record that held its last entry.
 *
 * <p>Why not a plain aggregate: that decodes and re-encodes the list's whole state for every event, so
 * the cost of an event grows with the list (75% of the projection's time in a profile). Here a list is
 * decoded once, kept in memory while events arrive, and encoded once per flush.
 *
 * <p>Why nothing is lost: Kafka Streams may commit (offsets and stores, one transaction under
 * exactly-once) between an event and the flush that stores its list. So the first entry folded after a flush
 * sets the task's {@link FoldMarker} to its todo.events offset, and the flush deletes it in the transaction
 * that stores the states: a committed marker means the stored states hold every entry before it and may lack
 * any after. A task that starts with a marker (after a crash, a rebalance, a restore or a restart) reads its
 * partition of todo.events again from the marker up to the offset its application committed
 * ({@link EventsPartitionReader}), folds that into the stored states and flushes them first; an entry a list
 * already holds changes nothing. Up to the committed offset, not the end of the log: the stream delivers what
 * follows anyway, and the range is one flush's worth of entries, where the end may be a backlog of millions
 * to hold dirty in one go. A read that fails (the broker away) fails the task's start and so the stream
 * thread, which is replaced and reads again: never skipped. That is a put and a delete of one marker per flush,
 * where a pending entry and its tombstone per event cost 29-39% of the stream thread.
 *
 * <p>Upgrades: the version before kept every folded entry in the pending store ({@link PendingEntries}) and a
 * clean shutdown leaves entries there. They are folded on start like the re-read, and deleted by the first
 * flush; nothing new is written to that store.
 *
 * <p>Memory at rest: the decoded lists kept for the next event are let go once the task has folded nothing for
 * {@link #RELEASE_IDLE_MS} (wall clock), so an idle projector holds only what its stores hold; the next event of
 * a list decodes it again.
 */
final class ListFoldProcessor<S, R extends SpecificRecord> implements Processor<String, PositionedEntry, String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ListFoldProcessor.class);

    /** How long a task folds nothing before its decoded lists are let go. */
    static final long RELEASE_IDLE_MS = 10_000;

    private final ProjectionTarget target;
    private final StoredProjection<S, R> stored;
    private final Projection<S> projection;
    private final StateBytes<R> bytes;
    private final FoldTuning tuning;
    private final ProjectionMeters meters;
    private final EventsPartitionReader reread;

    private ProcessorContext<String, byte[]> context;
    private TimestampedKeyValueStore<String, byte[]> states;
    private FoldMarker marker;
    /** The old version's pending store: read on start, emptied by the first flush, never written to. */
    private PendingEntries pending;
    private final List<String> pendingKeys = new ArrayList<>();
    /** Lists changed since the last flush, in the order they changed. */
    private final Map<String, DirtyList<S>> dirty = new LinkedHashMap<>();
    /** Items of the dirty lists: the early-flush bound. */
    private long dirtyItems;
    private DecodedLists<S> decoded;
    /** Wall-clock time of the last entry folded, for letting the decoded lists go when idle. */
    private long lastFoldedMs;
    /** Whether this task holds folded entries the next flush stores, as last told to the meters. */
    private boolean holdsUnstored;

    ListFoldProcessor(ProjectionTarget target, StoredProjection<S, R> stored, StateBytes<R> bytes, FoldTuning tuning,
                      ProjectionMeters meters, EventsPartitionReader reread) {
        this.target = target;
        this.stored = stored;
        this.projection = stored.projection();
        this.bytes = bytes;
        this.tuning = tuning;
        this.meters = meters;
        this.reread = reread;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.states = context.getStateStore(target.store());
        KeyValueStore<String, Long> markerStore = context.getStateStore(target.markerStore());
        this.marker = new FoldMarker(markerStore, context.taskId().partition());
        KeyValueStore<String, byte[]> pendingStore = context.getStateStore(target.pendingStore());
        this.pending = new PendingEntries(pendingStore, bytes.entries());
        this.decoded = new DecodedLists<>(tuning.cachedItems(), projection::weight);
        dirty.clear();
        dirtyItems = 0;
        pendingKeys.clear();
        holdsUnstored = false;
        recoverPending();
        rereadFromMarker();
        noteUnstored();
        if (!tuning.flushesEveryEvent()) {
            context.schedule(tuning.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
                flush();
                releaseWhenIdle(now);
            });
        }
    }

    /** Entries the old version folded before its last commit and did not store (an upgrade). */
    private void recoverPending() {
        int partition = context.taskId().partition();
        long now = context.currentSystemTimeMs();
        pending.all().forEach((listId, entries) -> {
            for (PendingEntries.Pending entry : entries) {
                fold(listId, EventCodec.fromAvro(entry.entry()), new SourcePosition(Topics.EVENTS, partition,
                        entry.offset()), now);
                pendingKeys.add(entry.key());
            }
        });
    }

    /** Entries folded before the last commit whose lists the last flush did not store: from the marker on. */
    private void rereadFromMarker() {
        if (!marker.isSet()) {
            return;
        }
        int partition = context.taskId().partition();
        Deserializer<io.offlinesync.schemas.avro.LogEntry> entries = bytes.entries();
        long read = reread.read(context.applicationId(), context.appConfigs(), partition, marker.offset(),
                record -> refold(partition, entries, record));
        log.info("{}: task {} read {} entries of {}-{} again from offset {} (its fold marker) into {} lists",
                context.applicationId(), context.taskId(), read, Topics.EVENTS, partition, marker.offset(), dirty.size());
    }

    private void refold(int partition, Deserializer<io.offlinesync.schemas.avro.LogEntry> entries,
                        ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return; // skipped when it was first read too
        }
        try {
            String listId = new String(record.key(), StandardCharsets.UTF_8);
            SourcePosition at = new SourcePosition(Topics.EVENTS, partition, record.offset());
            for (LogEntry entry : EventCodec.entriesOf(entries.deserialize(Topics.EVENTS, record.headers(),
                    record.value()))) {
                fold(listId, entry, at, record.timestamp());
            }
        } catch (RuntimeException e) {
            if (DeadLetterHandlers.passing(e)) {
                throw e; // the registry away: not the record's fault, so not skipped
            }
            // as when it was first read: it went to the dead letters (a committed offset is past it only then)
            log.warn("{}: {}-{}@{} cannot be folded; skipped again: {}", context.applicationId(), Topics.EVENTS,
                    partition, record.offset(), e.toString());
        }
    }

    @Override
    public void process(Record<String, PositionedEntry> record) {
        PositionedEntry tagged = record.value();
        if (tagged == null || tagged.entry() == null || record.key() == null) {
            return;
        }
        boolean applied = false;
        for (LogEntry entry : EventCodec.entriesOf(tagged.entry())) { // a segment: the entries of one sequenced batch
            applied |= fold(record.key(), entry, tagged.position(), record.timestamp());
        }
        if (tuning.flushesEveryEvent()) {
            flush(); // stored before any commit: no marker needed
        } else if (applied) {
            if (!marker.isSet()) {
                marker.set(tagged.position().getOffset());
            }
            if (dirtyItems >= tuning.maxDirtyItems() && dirty.size() > 1) {
                flush();
            }
            noteUnstored();
        }
    }

    /** Tells the meters when this task starts or stops holding entries its lists' stored states lack. */
    private void noteUnstored() {
        boolean holds = !dirty.isEmpty() || marker.isSet() || !pendingKeys.isEmpty();
        if (holds != holdsUnstored) {
            holdsUnstored = holds;
            meters.unstored(context.taskId(), holds);
        }
    }

    /** Folds the entry into its list; whether it changed the list (an entry the list holds does not). */
    private boolean fold(String listId, LogEntry entry, SourcePosition at, long timestamp) {
        DirtyList<S> list = dirty.get(listId);
        boolean wasDirty = list != null;
        if (!wasDirty) {
            S cached = decoded.take(listId);
            list = new DirtyList<>(cached != null ? cached : load(listId), timestamp);
        }
        if (entry.listVersion() <= projection.listVersion(list.state)) { // a replayed entry must not change the state
            if (!wasDirty) {
                decoded.put(listId, list.state);
            }
            return false;
        }
        long weightBefore = wasDirty ? decoded.weight(list.state) : 0;
        long start = System.nanoTime();
        list.state = projection.apply(list.state, entry);
        meters.folded(System.nanoTime() - start);
        list.changed(at, timestamp);
        lastFoldedMs = context.currentSystemTimeMs();
        dirty.put(listId, list);
        dirtyItems += decoded.weight(list.state) - weightBefore;
        return true;
    }

    private S load(String listId) {
        meters.loaded();
        ValueAndTimestamp<byte[]> kept = states.get(listId);
        return kept == null || kept.value() == null ? projection.initial(listId)
                : stored.fromRecord(bytes.decode(kept.value()));
    }

    private void flush() {
        if (dirty.isEmpty() && !marker.isSet() && pendingKeys.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        int lists = dirty.size();
        for (Map.Entry<String, DirtyList<S>> entry : dirty.entrySet()) {
            String listId = entry.getKey();
            DirtyList<S> list = entry.getValue();
            // once: the same bytes go to the store and to todo.lists.vN
            byte[] encoded = bytes.encode(stored.toRecord(list.state, list.position));
            states.put(listId, ValueAndTimestamp.make(encoded, list.timestamp));
            if (projection.facts(list.state).created()) {
                context.forward(new Record<>(listId, encoded, list.timestamp));
            }
            decoded.put(listId, list.state);
        }
        dirty.clear();
        dirtyItems = 0;
        marker.delete();
        pending.delete(pendingKeys);
        pendingKeys.clear();
        noteUnstored();
        meters.flushed(lists, System.nanoTime() - start);
    }

    /** Lets the decoded lists go once nothing has been folded for {@link #RELEASE_IDLE_MS}; runs after a flush. */
    private void releaseWhenIdle(long now) {
        if (dirty.isEmpty() && decoded.size() > 0 && now - lastFoldedMs >= RELEASE_IDLE_MS) {
            decoded.clear();
        }
    }

    @Override
    public void close() {
        // Nothing is written here: the marker (or an old version's pending store) covers what the dirty lists lack.
        dirty.clear();
        if (decoded != null) {
            decoded.clear();
        }
        if (context != null) {
            meters.unstored(context.taskId(), false); // whoever runs the task next reads its marker
            holdsUnstored = false;
        }
    }

    /** A decoded state with the position and time of what was folded into it since its last flush. */
    private static final class DirtyList<S> {
        S state;
        SourcePosition position;
        long timestamp;

        DirtyList(S state, long timestamp) {
            this.state = state;
            this.timestamp = timestamp;
        }

        void changed(SourcePosition at, long recordTimestamp) {
            position = at;
            timestamp = Math.max(timestamp, recordTimestamp);
        }
    }
}
