package io.offlinesync.query.catchup;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.protocol.LogEntryJson;
import io.offlinesync.schemas.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index keeps a value per todo.events segment ({@link IndexSegment}), not per entry: what that must not change
 * is what a reader sees. Every page is dense and holds each entry once, wherever the cursor falls in a segment,
 * across the chunks of a long one, and over an index written entry by entry by an earlier version.
 */
class SegmentIndexTest {

    @TempDir
    java.nio.file.Path stateDir;

    private TestIndex testIndex;
    private TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events;
    private CatchUpQuery query;

    @BeforeEach
    void setUp() {
        testIndex = new TestIndex(stateDir);
        events = testIndex.events;
        query = testIndex.query(1 << 20);
    }

    @AfterEach
    void tearDown() {
        testIndex.close();
    }

    /** Entries from..to of list g, one inbox batch of ann's: one segment. */
    private static List<LogEntry> batch(int from, int to, String title) {
        List<LogEntry> entries = new ArrayList<>();
        for (int v = from; v <= to; v++) {
            entries.add(v == 1 ? accepted(1, "ann", 1, 1000, created("G"))
                    : accepted(v, "ann", v, 1000, added("i" + v, title + v)));
        }
        return entries;
    }

    private void pipeSegment(List<LogEntry> entries) {
        List<io.offlinesync.schemas.avro.LogEntry> records = EventCodec.segments("g", entries, 1000);
        assertThat(records).as("one record").hasSize(1);
        events.pipeInput("g", records.getFirst());
    }

    private KeyValueStore<Bytes, byte[]> index() {
        return testIndex.index();
    }

    private List<Long> keys() {
        List<Long> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = index().all()) {
            it.forEachRemaining(kv -> keys.add(IndexKey.version(kv.key)));
        }
        return keys;
    }

    /** Pages of {@code limit} from 0 to the head: the versions of the entries served, in order. */
    private List<Long> pageThrough(int limit) throws InterruptedException {
        List<Long> versions = new ArrayList<>();
        long after = 0;
        while (true) {
            CatchUpQuery.Page page = query.read("g", after, limit, 0).orElseThrow();
            assertThat(page.events().size()).isLessThanOrEqualTo(limit);
            assertThat(page.next()).isEqualTo(after + page.events().size());
            for (byte[] json : page.events()) {
                versions.add(LogEntryJson.read(new String(json, StandardCharsets.UTF_8)).listVersion());
            }
            after = page.next();
            if (page.upToDate()) {
                return versions;
            }
        }
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void aBatchIsAFewIndexValuesUnderTheirLastVersionsAndPagesCutAnywhereInThem() throws Exception {
        List<LogEntry> first = batch(1, 100, "Item ");
        List<LogEntry> second = batch(101, 150, "Item ");
        pipeSegment(first);
        pipeSegment(second);

        List<Long> chunkKeys = java.util.stream.Stream.concat(IndexSegment.chunks(first).stream(),
                IndexSegment.chunks(second).stream()).map(IndexSegment.Chunk::lastVersion).toList();
        assertThat(keys()).as("a value per chunk of a segment, the last under the segment's last entry")
                .isEqualTo(chunkKeys).contains(100L, 150L).hasSizeLessThanOrEqualTo(150 / 20);
        for (int limit : new int[] {1, 7, 100, 1000}) {
            assertThat(pageThrough(limit)).as("limit " + limit).isEqualTo(range(1, 150));
        }
        CatchUpQuery.Page inside = query.read("g", 42, 10, 0).orElseThrow();
        assertThat(CatchUpQueryTest.texts(inside).getFirst()).startsWith("{\"listVersion\":43,");
        assertThat(inside.next()).isEqualTo(52);
        assertThat(query.wholeLog("g", 1000).orElseThrow()).extracting(LogEntry::listVersion)
                .isEqualTo(range(1, 150));
        // the served JSON is the entry's, byte for byte
        assertThat(CatchUpQueryTest.texts(query.read("g", 99, 1, 0).orElseThrow()))
                .containsExactly(LogEntryJson.write(batch(1, 100, "Item ").getLast()));
    }

    @Test
    void aLongPollWithItsCursorInsideASegmentAnswersAtOnce() throws Exception {
        pipeSegment(batch(1, 20, "Item "));
        long start = System.nanoTime();
        CatchUpQuery.Page page = query.read("g", 12, 100, 30_000).orElseThrow();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("no wait").isLessThan(10);
        assertThat(page.events()).hasSize(8);
        assertThat(page.upToDate()).isTrue();
    }

    @Test
    void aBatchWhoseJsonPassesTheChunkBoundIsKeptInChunksAndReadsWhole() throws Exception {
        String large = "\u20ac".repeat(500); // about 1.6 KB of JSON per entry: 200 of them pass the bound many times
        List<LogEntry> entries = batch(1, 200, large);
        pipeSegment(entries);

        List<IndexSegment.Chunk> chunks = IndexSegment.chunks(entries);
        assertThat(chunks).hasSizeGreaterThan(3);
        for (IndexSegment.Chunk chunk : chunks) {
            assertThat(chunk.value().length).isLessThanOrEqualTo(IndexSegment.CHUNK_BYTES + 12 * 200 + 1);
        }
        assertThat(keys()).containsExactlyElementsOf(chunks.stream().map(IndexSegment.Chunk::lastVersion).toList());
        assertThat(keys().getLast()).isEqualTo(200);
        for (int limit : new int[] {3, 41, 1000}) {
            assertThat(pageThrough(limit)).as("limit " + limit).isEqualTo(range(1, 200));
        }
        // a cursor at a chunk's last entry: the next page starts with the next chunk's first
        long boundary = chunks.getFirst().lastVersion();
        assertThat(CatchUpQueryTest.texts(query.read("g", boundary, 1, 0).orElseThrow()).getFirst())
                .startsWith("{\"listVersion\":" + (boundary + 1) + ",");
    }

    @Test
    void anIndexWrittenEntryByEntryReadsAsBeforeAlsoWhereASegmentOverlapsIt() throws Exception {
        // as an earlier version left it: every entry under its own version, its JSON alone
        for (LogEntry entry : batch(1, 10, "Old ")) {
            index().put(IndexKey.of("g", entry.listVersion()),
                    LogEntryJson.write(entry).getBytes(StandardCharsets.UTF_8));
        }
        // then this version re-indexes 6..10 (their record was read again after the upgrade) and goes on
        pipeSegment(batch(6, 10, "Old "));
        pipeSegment(batch(11, 30, "New "));

        assertThat(keys()).containsExactlyElementsOf(
                java.util.stream.Stream.concat(range(1, 10).stream(), java.util.stream.Stream.of(30L)).toList());
        for (int limit : new int[] {1, 4, 1000}) {
            assertThat(pageThrough(limit)).as("limit " + limit + ": each entry once").isEqualTo(range(1, 30));
        }
        assertThat(query.wholeLog("g", 1000).orElseThrow()).extracting(LogEntry::listVersion)
                .isEqualTo(range(1, 30));
    }

    @Test
    void aPageReadsNoValueBeyondItsHeadNorBeyondItsLimit() throws Exception {
        pipeSegment(batch(1, 100, "Item "));
        events.pipeInput("h", EventCodec.segments("h", List.of(accepted(1, "bob", 1, 1000, created("H"))), 10)
                .getFirst()); // the next list in the store's order: its value follows g's last
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        CatchUpQuery counting = new CatchUpQuery(() -> counting(index(), read), testIndex::heads,
                testIndex.headWatch, 1 << 20);
        int gValues = keys().size() - 1;

        CatchUpQuery.Page tail = counting.read("g", 80, 1000, 0).orElseThrow();
        assertThat(tail.events()).hasSize(20);
        assertThat(tail.upToDate()).isTrue();
        assertThat(read.get()).as("g's values from the one holding 81, and not h's")
                .isEqualTo((int) keys().stream().filter(version -> version > 80 && version <= 100).count());
        read.set(0);
        CatchUpQuery.Page all = counting.read("g", 0, 1000, 0).orElseThrow();
        assertThat(all.events()).hasSize(100);
        assertThat(read.get()).as("every value of g, and not h's").isEqualTo(gValues);
        read.set(0);
        assertThat(counting.read("g", 0, 3, 0).orElseThrow().events()).hasSize(3);
        assertThat(read.get()).as("a full page reads no further value").isEqualTo(1);
    }

    /** {@code store}, counting the values its range scans read. */
    private static org.apache.kafka.streams.state.ReadOnlyKeyValueStore<Bytes, byte[]> counting(
            KeyValueStore<Bytes, byte[]> store, java.util.concurrent.atomic.AtomicInteger read) {
        return new org.apache.kafka.streams.state.ReadOnlyKeyValueStore<>() {
            @Override
            public byte[] get(Bytes key) {
                return store.get(key);
            }

            @Override
            public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
                KeyValueIterator<Bytes, byte[]> it = store.range(from, to);
                return new KeyValueIterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public org.apache.kafka.streams.KeyValue<Bytes, byte[]> next() {
                        read.incrementAndGet();
                        return it.next();
                    }

                    @Override
                    public Bytes peekNextKey() {
                        return it.peekNextKey();
                    }

                    @Override
                    public void close() {
                        it.close();
                    }
                };
            }

            @Override
            public KeyValueIterator<Bytes, byte[]> all() {
                return store.all();
            }

            @Override
            public long approximateNumEntries() {
                return store.approximateNumEntries();
            }
        };
    }

    @Test
    void aValueOfOneEntryIsThatEntrysJsonAlone() {
        LogEntry entry = batch(1, 1, "").getFirst();
        List<IndexSegment.Chunk> chunks = IndexSegment.chunks(List.of(entry));
        assertThat(chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.lastVersion()).isEqualTo(1);
            assertThat(new String(chunk.value(), StandardCharsets.UTF_8)).isEqualTo(LogEntryJson.write(entry));
        });
        IndexSegment.Entries read = IndexSegment.read(IndexKey.of("g", 1), chunks.getFirst().value());
        assertThat(read.next()).isTrue();
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.next()).isFalse();
    }
}
