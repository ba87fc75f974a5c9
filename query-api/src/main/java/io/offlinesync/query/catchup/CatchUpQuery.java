package io.offlinesync.query.catchup;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.protocol.LogEntryJson;
import io.offlinesync.query.QueryTopology;
import io.offlinesync.query.cluster.ReadTarget;
import io.offlinesync.query.fence.Fence;
import io.offlinesync.query.fence.FenceWait;
import io.offlinesync.schemas.avro.ListHead;
import io.offlinesync.streams.ManagedStreams;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a page of a list's log from the local event index: a range scan from (listId, after + 1),
 * optionally waiting for the head to move first (long-poll). A page ends at {@code limit} entries or
 * when the next entry would take it past {@code maxPageBytes} of entry JSON, whichever comes first.
 */
public final class CatchUpQuery {

    /**
     * A page of the log; {@code events} holds each entry's JSON as served, UTF-8 bytes as the index keeps them
     * (copied into the answer as they are: decoding them to text and encoding the page again cost the
     * download path a third of its time).
     */
    public record Page(String listId, long head, long next, boolean upToDate, Map<String, Long> clientSeqs,
                       List<byte[]> events) {
    }

    /** How often a long-poll looks at the head itself, besides being woken by the indexer. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Function<ReadTarget, ReadOnlyKeyValueStore<Bytes, byte[]>> index;
    private final Function<ReadTarget, ReadOnlyKeyValueStore<String, ListHead>> heads;
    private final HeadWatch headWatch;
    private final int maxPageBytes;
    /** The copy this query reads; null until {@link #at} names one (then every read refuses). */
    private final ReadTarget target;

    /** Over the stores of a running query-api application: each read names its copy with {@link #at}. */
    public CatchUpQuery(ManagedStreams streams, HeadWatch headWatch, int maxPageBytes) {
        this(target -> streams.streams().store(target.parameters(QueryTopology.INDEX_STORE,
                        QueryableStoreTypes.keyValueStore())),
                target -> streams.streams().store(target.parameters(QueryTopology.HEADS_STORE,
                        QueryableStoreTypes.keyValueStore())),
                headWatch, maxPageBytes);
    }

    /** Over the stores each target names, looked up on every read; reads only once {@link #at} names one. */
    public CatchUpQuery(Function<ReadTarget, ReadOnlyKeyValueStore<Bytes, byte[]>> index,
                        Function<ReadTarget, ReadOnlyKeyValueStore<String, ListHead>> heads, HeadWatch headWatch,
                        int maxPageBytes) {
        this(index, heads, headWatch, maxPageBytes, null);
    }

    /**
     * Over the only copy there is (a TopologyTestDriver's).
     *
     * @param maxPageBytes the most bytes of entry JSON (UTF-8) in a page of more than one entry
     */
    public CatchUpQuery(Supplier<ReadOnlyKeyValueStore<Bytes, byte[]>> index,
                        Supplier<ReadOnlyKeyValueStore<String, ListHead>> heads, HeadWatch headWatch,
                        int maxPageBytes) {
        this(target -> index.get(), target -> heads.get(), headWatch, maxPageBytes, ReadTarget.EVERY_LOCAL_PARTITION);
    }

    private CatchUpQuery(Function<ReadTarget, ReadOnlyKeyValueStore<Bytes, byte[]>> index,
                         Function<ReadTarget, ReadOnlyKeyValueStore<String, ListHead>> heads, HeadWatch headWatch,
                         int maxPageBytes, ReadTarget target) {
        if (maxPageBytes < 1) {
            throw new IllegalArgumentException("maxPageBytes must be 1 or more, was " + maxPageBytes);
        }
        this.index = index;
        this.heads = heads;
        this.headWatch = headWatch;
        this.maxPageBytes = maxPageBytes;
        this.target = target;
    }

    /** This query reading the copy {@code target} names (the routing's choice). */
    public CatchUpQuery at(ReadTarget target) {
        return new CatchUpQuery(index, heads, headWatch, maxPageBytes, java.util.Objects.requireNonNull(target));
    }

    private ReadOnlyKeyValueStore<Bytes, byte[]> index() {
        return index.apply(target());
    }

    private ReadOnlyKeyValueStore<String, ListHead> heads() {
        return heads.apply(target());
    }

    private ReadTarget target() {
        if (target == null) {
            throw ReadTarget.missing("CatchUpQuery");
        }
        return target;
    }

    /**
     * The page after {@code after}, or empty when the list has no log here. With {@code waitMs} the
     * call waits for an entry beyond {@code after}, also on a list whose first entry is not sequenced
     * yet (a device that has just pushed its ListCreated); it is empty only if none came in time.
     */
    public Optional<Page> read(String listId, long after, int limit, long waitMs) throws InterruptedException {
        if (waitMs > 0 && !beyond(listId, after)) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
            CompletableFuture<Long> moved = headWatch.awaitBeyond(listId, after);
            try {
                // The indexer wakes the wait; a standby copy moves without telling, so look again now and then.
                while (!beyond(listId, after)) {
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
     * The page after {@code after} as soon as the list's head has reached {@code fence} (its {@code clientSeqs}), or
     * when {@code waitMs} is up (at once for 0), whichever comes first; empty when the list has no log here then.
     * Unlike {@link #read(String, long, int, long)} it waits for the fence only, not for an entry beyond
     * {@code after}: a fence already reached answers at once, even with nothing new.
     */
    public Optional<Page> read(String listId, long after, int limit, Fence fence, long waitMs)
            throws InterruptedException {
        FenceWait.until(() -> indexedHead(listId),
                head -> head.isPresent() && fence.reachedIn(head.get().getClientSeqs()),
                seen -> headWatch.awaitBeyond(listId, seen.map(ListHead::getHead).orElse(0L)), waitMs,
                Duration.ofNanos(RECHECK_NANOS));
        if (head(listId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(page(listId, after, limit));
    }

    /**
     * The list's whole log as domain entries, in listVersion order, or empty when the list has no log
     * here. For the explain and what-if folds, which need every entry; catch-up pages never decode.
     *
     * @param maxEntries the most entries decoded: a longer log is {@link LogTooLong}, found before any
     *                   entry is read (from the head) or, if the log grew meanwhile, while scanning
     */
    public Optional<List<LogEntry>> wholeLog(String listId, int maxEntries) {
        Optional<ListHead> head = head(listId);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        if (head.get().getHead() > maxEntries) {
            throw new LogTooLong(listId, head.get().getHead(), maxEntries);
        }
        List<LogEntry> entries = new ArrayList<>();
        long last = 0;
        try (KeyValueIterator<Bytes, byte[]> it = index().range(IndexKey.of(listId, 1),
                IndexKey.of(listId, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                IndexSegment.Entries values = IndexSegment.read(kv.key, kv.value);
                while (values.next()) {
                    if (values.version() <= last) {
                        continue; // held by two values (written by two versions of the indexer)
                    }
                    if (entries.size() == maxEntries) {
                        throw new LogTooLong(listId, values.version(), maxEntries);
                    }
                    entries.add(LogEntryJson.read(new String(values.json(), StandardCharsets.UTF_8)));
                    last = values.version();
                }
            }
        }
        return Optional.of(entries);
    }

    /** A list's log is longer than a whole-log read may decode. */
    public static final class LogTooLong extends RuntimeException {
        private final String listId;
        private final long entries;
        private final int bound;

        public LogTooLong(String listId, long entries, int bound) {
            super("list " + listId + " has " + entries + " log entries, more than the " + bound
                    + " this instance folds for one request (MAX_FOLD_ENTRIES)", null, false, false);
            this.listId = listId;
            this.entries = entries;
            this.bound = bound;
        }

        public String listId() {
            return listId;
        }

        /** The log's size as found (at least this many entries). */
        public long entries() {
            return entries;
        }

        public int bound() {
            return bound;
        }
    }

    /**
     * The head first, then the entries after {@code after} up to it: the scan never reads past the head, because
     * Kafka Streams' range iterator reads a value before it compares its key with the range's end, and the value
     * after a list's last is the first of another list's ({@link IndexSegment}: up to {@link IndexSegment#CHUNK_BYTES}).
     * Every entry up to a head is indexed or about to be (the indexer writes the head first): a page that ends
     * short of its head says {@code upToDate: false}, and a copy whose index runs ahead of its heads (a standby
     * restores them from two changelogs, each at its own pace) serves up to its head only, one consistent snapshot.
     */
    private Page page(String listId, long after, int limit) {
        ListHead head = head(listId).orElseThrow();
        long until = head.getHead();
        List<byte[]> events = new ArrayList<>(Math.min(limit, 64));
        long next = after;
        long bytes = 0;
        if (after < until) {
            try (KeyValueIterator<Bytes, byte[]> it = index().range(IndexKey.of(listId, after + 1),
                    IndexKey.of(listId, Long.MAX_VALUE))) {
                scan:
                while (events.size() < limit && next < until && it.hasNext()) {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    IndexSegment.Entries values = IndexSegment.read(kv.key, kv.value);
                    while (values.next()) {
                        if (values.version() <= next) {
                            continue; // before the cursor (the first value may start earlier), or already served
                        }
                        bytes += values.length();
                        if (values.version() > until || events.size() == limit
                                || bytes > maxPageBytes && !events.isEmpty()) {
                            break scan; // at the head, the limit or the size: next stays the last entry returned
                        }
                        events.add(values.json());
                        next = values.version();
                    }
                }
            }
        }
        return new Page(listId, until, next, next >= until, head.getClientSeqs(), events);
    }

    /**
     * Whether an entry after {@code after} is here to be read: the head has passed it and the head's own entry is
     * indexed. The indexer writes the head before the entry, so a head alone could answer a long-poll with an empty
     * page; it wakes the watch once the entry is in, so a wait on the watch is not missed.
     */
    private boolean beyond(String listId, long after) {
        return indexedHead(listId).filter(head -> head.getHead() > after).isPresent();
    }

    /**
     * The list's head once the entry it names is indexed, else empty: the indexer writes a head before its entry (and
     * a standby restores the two from separate changelogs), so a fence seen in a head alone could be answered with a
     * page that lacks the very entry. A head is always the key of an index value (the last entry of a segment, and of
     * its last chunk), so one point read tells.
     */
    private Optional<ListHead> indexedHead(String listId) {
        Optional<ListHead> head = head(listId);
        return head.filter(h -> index().get(IndexKey.of(listId, h.getHead())) != null);
    }

    private Optional<ListHead> head(String listId) {
        return Optional.ofNullable(heads().get(listId));
    }
}
