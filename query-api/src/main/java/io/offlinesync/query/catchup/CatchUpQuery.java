package io.offlinesync.query.catchup;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.protocol.LogEntryJson;
import io.offlinesync.query.cluster.ReadContext;
import io.offlinesync.schemas.avro.ListHead;
import io.offlinesync.streams.ManagedStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a page of a list's log from the local event index: a range scan from (listId, after + 1),
 * optionally waiting for the head to move first (long-poll).
 */
public final class CatchUpQuery {

    /** A page of the log; {@code events} holds each entry's JSON as served. */
    public record Page(String listId, long head, long next, boolean upToDate, Map<String, Long> clientSeqs,
                       List<String> events) {}

    /** How often a long-poll looks at the head itself, besides being woken by the indexer. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Supplier<ReadOnlyKeyValueStore<Bytes, String>> index;
    private final Supplier<ReadOnlyKeyValueStore<String, ListHead>> heads;
    private final HeadWatch headWatch;

    /** Over the stores of a running query-api application. */
    public CatchUpQuery(ManagedStreams streams, HeadWatch headWatch) {
        this(() -> streams.streams().store(ReadContext.parameters(EventIndexTopology.INDEX_STORE,
                        QueryableStoreTypes.keyValueStore())),
                () -> streams.streams().store(ReadContext.parameters(EventIndexTopology.HEADS_STORE,
                        QueryableStoreTypes.keyValueStore())),
                headWatch);
    }

    public CatchUpQuery(Supplier<ReadOnlyKeyValueStore<Bytes, String>> index,
                        Supplier<ReadOnlyKeyValueStore<String, ListHead>> heads, HeadWatch headWatch) {
        this.index = index;
        this.heads = heads;
        this.headWatch = headWatch;
    }

    /**
     * The page after {@code after}, or empty when the list has no log here. With {@code waitMs} the
     * call waits for an entry beyond {@code after}, also on a list whose first entry is not sequenced
     * yet (a device that has just pushed its ListCreated); it is empty only if none came in time.
     */
    public Optional<Page> read(String listId, long after, int limit, long waitMs) throws InterruptedException {
        if (waitMs > 0 && headVersion(listId) <= after) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
            CompletableFuture<Long> moved = headWatch.awaitBeyond(listId, after);
            try {
                // The indexer wakes the wait; a standby copy moves without telling, so look again now and then.
                while (headVersion(listId) <= after) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break; // time is up: answer with what there is
                    }
                    try {
                        moved.get(Math.min(left, RECHECK_NANOS), TimeUnit.NANOSECONDS);
                        break;
                    } catch (TimeoutException e) {
                        // look at the head again
                    }
                }
            } catch (ExecutionException e) {
                // not completed exceptionally by anyone; answer with what there is
            } finally {
                moved.cancel(false);
            }
        }
        if (head(listId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(page(listId, after, limit));
    }

    /**
     * The list's whole log as domain entries, in listVersion order, or empty when the list has no log
     * here. For the explain and what-if folds, which need every entry; catch-up pages never decode.
     */
    public Optional<List<LogEntry>> wholeLog(String listId) {
        if (head(listId).isEmpty()) {
            return Optional.empty();
        }
        List<LogEntry> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, String> it = index.get().range(IndexKey.of(listId, 1),
                IndexKey.of(listId, Long.MAX_VALUE))) {
            it.forEachRemaining(kv -> entries.add(LogEntryJson.read(kv.value)));
        }
        return Optional.of(entries);
    }

    private long headVersion(String listId) {
        return head(listId).map(ListHead::getHead).orElse(0L);
    }

    private Page page(String listId, long after, int limit) {
        List<String> events = new ArrayList<>(Math.min(limit, 64));
        long next = after;
        if (after < Long.MAX_VALUE) {
            try (KeyValueIterator<Bytes, String> it = index.get().range(IndexKey.of(listId, after + 1),
                    IndexKey.of(listId, Long.MAX_VALUE))) {
                while (it.hasNext() && events.size() < limit) {
                    KeyValue<Bytes, String> kv = it.next();
                    events.add(kv.value);
                    next = IndexKey.version(kv.key);
                }
            }
        }
        // Read after the scan: the indexer writes the head first, so head >= every entry returned.
        ListHead head = head(listId).orElseThrow();
        if (next > head.getHead()) {
            // Only on a standby copy, which restores the index and the heads from two changelogs, each at
            // its own pace: serve the entries up to the head, so the page is one consistent snapshot.
            long first = after + 1;
            int keep = (int) Math.max(0, Math.min(events.size(), head.getHead() - after));
            events = new ArrayList<>(events.subList(0, keep));
            next = keep == 0 ? after : first + keep - 1;
        }
        return new Page(listId, head.getHead(), next, next >= head.getHead(), head.getClientSeqs(), events);
    }

    private Optional<ListHead> head(String listId) {
        return Optional.ofNullable(heads.get().get(listId));
    }
}
