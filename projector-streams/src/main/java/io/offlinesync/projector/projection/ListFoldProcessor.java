package io.offlinesync.projector.projection;

import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Folds todo.events into each list's state with the domain's derivation ({@link TodoList}) and emits the
 * state of every list an event changed, once per flush.
 *
 * <p>Why not a plain aggregate: that decodes and re-encodes the list's whole state for every event, so
 * the cost of an event grows with the list (75% of the projection's time in a profile). Here a list is
 * decoded once, kept in memory while events arrive, and encoded once per flush.
 *
 * <p>Why nothing is lost: Kafka Streams may commit (offsets and stores, one transaction under
 * exactly-once) between an event and the flush that writes its list. So every folded entry is also put
 * in the pending store, and the flush deletes them in the transaction that stores the state. A task that
 * starts (after a crash, a rebalance or a restore) folds the pending entries into the stored states and
 * flushes them first. An entry the list already holds (a replay after a crash) changes nothing.
 */
final class ListFoldProcessor implements Processor<String, PositionedEntry, String, byte[]> {

    private final ProjectionVersion version;
    private final BiFunction<TodoList, SourcePosition, ListState> render;
    private final ListStateBytes bytes;
    private final FoldTuning tuning;
    private final ProjectionMeters meters;

    private ProcessorContext<String, byte[]> context;
    private TimestampedKeyValueStore<String, byte[]> states;
    private PendingEntries pending;
    /** Lists changed since the last flush, in the order they changed. */
    private final Map<String, DirtyList> dirty = new LinkedHashMap<>();
    /** Items of the dirty lists: the early-flush bound. */
    private long dirtyItems;
    private DecodedLists decoded;

    ListFoldProcessor(ProjectionVersion version, ListStateBytes bytes, FoldTuning tuning, ProjectionMeters meters) {
        this.version = version;
        this.render = version.render();
        this.bytes = bytes;
        this.tuning = tuning;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.states = context.getStateStore(version.store());
        KeyValueStore<String, byte[]> pendingStore = context.getStateStore(version.pendingStore());
        this.pending = new PendingEntries(pendingStore, bytes.entries());
        this.decoded = new DecodedLists(tuning.cachedItems());
        dirty.clear();
        dirtyItems = 0;
        recoverPending();
        if (!tuning.flushesEveryEvent()) {
            context.schedule(tuning.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> flush());
        }
    }

    /** Entries folded before the last commit whose list state was not stored yet. */
    private void recoverPending() {
        int partition = context.taskId().partition();
        long now = context.currentSystemTimeMs();
        pending.all().forEach((listId, entries) -> {
            DirtyList list = new DirtyList(load(listId), now);
            for (PendingEntries.Pending entry : entries) {
                list.list.apply(EventCodec.fromAvro(entry.entry()));
                list.changed(entry.key(), new SourcePosition(Topics.EVENTS, partition, entry.offset()), now);
            }
            dirty.put(listId, list);
            dirtyItems += DecodedLists.weight(list.list);
        });
    }

    @Override
    public void process(Record<String, PositionedEntry> record) {
        PositionedEntry tagged = record.value();
        if (tagged == null || tagged.entry() == null || record.key() == null) {
            return;
        }
        String listId = record.key();
        DirtyList list = dirty.get(listId);
        boolean wasDirty = list != null;
        if (!wasDirty) {
            TodoList cached = decoded.take(listId);
            list = new DirtyList(cached != null ? cached : load(listId), record.timestamp());
        }
        long weightBefore = wasDirty ? DecodedLists.weight(list.list) : 0;
        long start = System.nanoTime();
        boolean applied = list.list.apply(EventCodec.fromAvro(tagged.entry()));
        meters.folded(System.nanoTime() - start);
        if (!applied) { // already folded: a replayed entry must not change the state
            if (!wasDirty) {
                decoded.put(listId, list.list);
            }
            return;
        }
        String key = pending.append(listId, tagged.position().getOffset(), tagged.bytes());
        list.changed(key, tagged.position(), record.timestamp());
        dirty.put(listId, list);
        dirtyItems += DecodedLists.weight(list.list) - weightBefore;
        if (tuning.flushesEveryEvent() || (dirtyItems >= tuning.maxDirtyItems() && dirty.size() > 1)) {
            flush();
        }
    }

    private TodoList load(String listId) {
        ValueAndTimestamp<byte[]> stored = states.get(listId);
        return stored == null || stored.value() == null ? new TodoList(listId)
                : ListStateCodec.fromAvro(bytes.decode(stored.value()));
    }

    private void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        int lists = dirty.size();
        for (Map.Entry<String, DirtyList> entry : dirty.entrySet()) {
            String listId = entry.getKey();
            DirtyList list = entry.getValue();
            ListState state = render.apply(list.list, list.position);
            byte[] encoded = bytes.encode(state); // once: the same bytes go to the store and to todo.lists.vN
            states.put(listId, ValueAndTimestamp.make(encoded, list.timestamp));
            pending.delete(list.pendingKeys);
            if (state.getCreated()) {
                context.forward(new Record<>(listId, encoded, list.timestamp));
            }
            decoded.put(listId, list.list);
        }
        dirty.clear();
        dirtyItems = 0;
        meters.flushed(lists, System.nanoTime() - start);
    }

    @Override
    public void close() {
        // Nothing is written here: the pending store already holds what the dirty lists lack.
        dirty.clear();
        if (decoded != null) {
            decoded.clear();
        }
    }

    /** A decoded list with the pending entries and position of what was folded since its last flush. */
    private static final class DirtyList {
        final TodoList list;
        final List<String> pendingKeys = new ArrayList<>();
        SourcePosition position;
        long timestamp;

        DirtyList(TodoList list, long timestamp) {
            this.list = list;
            this.timestamp = timestamp;
        }

        void changed(String pendingKey, SourcePosition at, long recordTimestamp) {
            pendingKeys.add(pendingKey);
            position = at;
            timestamp = Math.max(timestamp, recordTimestamp);
        }
    }
}
