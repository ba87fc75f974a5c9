package io.offlinesync.query.catchup;

import io.offlinesync.query.QueryTopology;
import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.query.fence.Fence;
import io.offlinesync.schemas.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import io.offlinesync.schemas.avro.ListHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event index topology and the catch-up reads over its stores, on TopologyTestDriver. */
class CatchUpQueryTest {

    @TempDir
    java.nio.file.Path stateDir;

    private TestIndex testIndex;
    private TopologyTestDriver driver;
    private TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events;
    private HeadWatch headWatch;
    private CatchUpQuery query;

    @BeforeEach
    void setUp() {
        testIndex = new TestIndex(stateDir);
        driver = testIndex.driver;
        events = testIndex.events;
        headWatch = testIndex.headWatch;
        query = testIndex.query(1 << 20);
    }

    @AfterEach
    void tearDown() {
        testIndex.close();
    }

    private void append(String listId, LogEntry entry) {
        events.pipeInput(listId, EventCodec.toAvro(listId, entry));
    }

    private void appendItems(String listId, int from, int to) {
        for (int v = from; v <= to; v++) {
            append(listId, accepted(v, "ann", v, 1000 + v, added("i" + v, "Item " + v)));
        }
    }

    @Test
    void pagesThroughTheLogInVersionOrder() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        appendItems("g", 2, 25);

        CatchUpQuery.Page first = query.read("g", 0, 10, 0).orElseThrow();
        assertThat(first.head()).isEqualTo(25);
        assertThat(first.next()).isEqualTo(10);
        assertThat(first.upToDate()).isFalse();
        assertThat(first.events()).hasSize(10);
        assertThat(texts(first).get(0)).startsWith("{\"listVersion\":1,\"clientId\":\"ann\"")
                .contains("\"type\":\"ListCreated\"", "\"policy\":\"lww\"", "\"at\":{\"ms\":1000,\"n\":0}");

        CatchUpQuery.Page last = query.read("g", 20, 10, 0).orElseThrow();
        assertThat(last.events()).hasSize(5);
        assertThat(last.next()).isEqualTo(25);
        assertThat(last.upToDate()).isTrue();
        assertThat(last.clientSeqs()).containsEntry("ann", 25L);
    }

    /** A catch-up query over the same stores whose pages hold at most {@code maxPageBytes} of entry JSON. */
    private CatchUpQuery boundedTo(int maxPageBytes) {
        return testIndex.query(maxPageBytes);
    }

    private static long bytes(java.util.List<byte[]> events) {
        return events.stream().mapToLong(e -> e.length).sum();
    }

    @Test
    void aPageOfLargeEntriesIsCutByBytesBeforeTheLimitAndSaysItIsNotUpToDate() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        // titles of 500 code points, each of three UTF-8 bytes: about 1.6 KB of JSON per entry
        String large = "\u20ac".repeat(500);
        for (int v = 2; v <= 40; v++) {
            append("g", accepted(v, "ann", v, 1000 + v, added("i" + v, large)));
        }
        int bound = 8_000;
        CatchUpQuery bounded = boundedTo(bound);

        CatchUpQuery.Page first = bounded.read("g", 0, 1000, 0).orElseThrow();
        assertThat(first.events().size()).as("cut by bytes, far below the limit").isBetween(2, 10);
        assertThat(bytes(first.events())).isLessThanOrEqualTo(bound);
        // the next entry would not have fitted: the page is as full as the bound allows
        byte[] following = query.read("g", first.next(), 1, 0).orElseThrow().events().getFirst();
        assertThat(bytes(first.events()) + bytes(java.util.List.of(following))).isGreaterThan(bound);
        assertThat(first.next()).isEqualTo(first.events().size()); // the last entry returned
        assertThat(first.head()).isEqualTo(40);
        assertThat(first.upToDate()).isFalse();

        // paging on with next reaches the head with every entry once, in order
        long cursor = 0;
        int pages = 0;
        java.util.List<String> all = new java.util.ArrayList<>();
        CatchUpQuery.Page page;
        do {
            page = bounded.read("g", cursor, 1000, 0).orElseThrow();
            all.addAll(texts(page));
            cursor = page.next();
            pages++;
        } while (!page.upToDate());
        assertThat(cursor).isEqualTo(40);
        assertThat(all).hasSize(40).isEqualTo(texts(query.read("g", 0, 1000, 0).orElseThrow()));
        assertThat(pages).isGreaterThan(4);
    }

    @Test
    void anEntryLargerThanTheBoundAloneStillMakesAPageOfOne() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        appendItems("g", 2, 3);
        CatchUpQuery tiny = boundedTo(10); // smaller than any entry

        CatchUpQuery.Page page = tiny.read("g", 0, 500, 0).orElseThrow();
        assertThat(page.events()).hasSize(1);
        assertThat(page.next()).isEqualTo(1);
        assertThat(page.upToDate()).isFalse();
        CatchUpQuery.Page last = tiny.read("g", 2, 500, 0).orElseThrow();
        assertThat(last.events()).hasSize(1);
        assertThat(last.next()).isEqualTo(3);
        assertThat(last.upToDate()).isTrue();
    }

    @Test
    void listsWithPrefixSharingIdsDoNotLeakIntoEachOther() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        append("g2", accepted(1, "bob", 1, 1000, created("G2")));
        appendItems("g2", 2, 5);

        assertThat(query.read("g", 0, 100, 0).orElseThrow().events()).hasSize(1);
        assertThat(query.read("g2", 0, 100, 0).orElseThrow().events()).hasSize(5);
    }

    @Test
    void afterBeyondTheHeadReturnsNothingAndKeepsTheCursor() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));

        CatchUpQuery.Page page = query.read("g", 7, 10, 0).orElseThrow();
        assertThat(page.events()).isEmpty();
        assertThat(page.next()).isEqualTo(7);
        assertThat(page.upToDate()).isTrue();
    }

    @Test
    void anUnknownListHasNoLogButARejectionStartsOne() throws Exception {
        assertThat(query.read("nope", 0, 10, 0)).isEmpty();

        append("r", new LogEntry.Rejected(1, "bob", 5, "e1", 1, RejectReason.UNKNOWN_LIST, null));
        CatchUpQuery.Page page = query.read("r", 0, 10, 0).orElseThrow();
        assertThat(texts(page)).singleElement().asString()
                .contains("\"type\":\"Rejected\"", "\"reason\":\"unknown-list\"").doesNotContain("\"at\"");
        assertThat(page.clientSeqs()).containsEntry("bob", 1L);
    }

    @Test
    void everyEntryOfASegmentIsIndexedAndItsLastMovesTheHead() throws Exception {
        events.pipeInput("g", EventCodec.segments("g", java.util.List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1000, added("milk", "Milk")),
                new LogEntry.Rejected(3, "ann", 1000, "e9", 9, RejectReason.GAP, 3L),
                accepted(4, "ann", 3, 1000, added("tea", "Tea"))), 100).getFirst());
        events.pipeInput("g", EventCodec.segments("g", java.util.List.of(
                accepted(5, "bob", 1, 2000, added("jam", "Jam"))), 100).getFirst());

        CatchUpQuery.Page page = query.read("g", 0, 10, 0).orElseThrow();
        assertThat(page.head()).isEqualTo(5);
        assertThat(page.upToDate()).isTrue();
        assertThat(page.clientSeqs()).as("the gap moved nothing").containsEntry("ann", 3L).containsEntry("bob", 1L);
        assertThat(texts(page)).hasSize(5);
        assertThat(texts(page).get(2)).startsWith("{\"listVersion\":3").contains("\"reason\":\"gap\"");
        assertThat(query.read("g", 3, 10, 0).orElseThrow().events()).as("a cursor inside a segment").hasSize(2);
    }

    @Test
    void aGapRejectionDoesNotMoveTheClientsSeq() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        append("g", new LogEntry.Rejected(2, "ann", 5, "e2", 5, RejectReason.GAP, 2L));

        CatchUpQuery.Page page = query.read("g", 1, 10, 0).orElseThrow();
        assertThat(page.clientSeqs()).containsEntry("ann", 1L);
        assertThat(texts(page).get(0)).contains("\"expectedClientSeq\":2");
    }

    @Test
    void onShutdownAWaitingLongPollAnswersAtOnceWithWhatThereIsAndALaterOneDoesNotWait() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        CompletableFuture<CatchUpQuery.Page> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return query.read("g", 1, 10, 60_000).orElseThrow();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> headWatch.waiting("g") == 1);

        headWatch.releaseAll();

        CatchUpQuery.Page page = poll.get(5, TimeUnit.SECONDS);
        assertThat(page.events()).isEmpty();
        assertThat(page.next()).isEqualTo(1);
        assertThat(headWatch.waiting("g")).isZero();
        long start = System.nanoTime();
        assertThat(query.read("g", 1, 10, 60_000).orElseThrow().events()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aLongPollWakesAsSoonAsTheHeadMoves() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        CompletableFuture<CatchUpQuery.Page> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return query.read("g", 1, 10, 30_000).orElseThrow();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> headWatch.waiting("g") == 1);
        assertThat(poll).isNotDone();

        appendItems("g", 2, 2);

        CatchUpQuery.Page page = poll.get(5, TimeUnit.SECONDS);
        assertThat(page.events()).hasSize(1);
        assertThat(page.next()).isEqualTo(2);
        assertThat(headWatch.waiting("g")).isZero();
    }

    @Test
    void aLongPollOnAListNotSequencedYetWaitsForItsFirstEntry() throws Exception {
        CompletableFuture<java.util.Optional<CatchUpQuery.Page>> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return query.read("new", 0, 10, 30_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> headWatch.waiting("new") == 1);

        append("new", accepted(1, "ann", 1, 1000, created("New")));

        CatchUpQuery.Page page = poll.get(5, TimeUnit.SECONDS).orElseThrow();
        assertThat(page.head()).isEqualTo(1);
        assertThat(page.events()).hasSize(1);
    }

    @Test
    void aLongPollOnAnUnknownListIsEmptyWhenTimeIsUp() throws Exception {
        assertThat(query.read("never", 0, 10, 100)).isEmpty();
        assertThat(headWatch.waiting("never")).isZero();
    }

    @Test
    void aLongPollWithNothingNewEndsWhenTimeIsUp() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));

        long start = System.nanoTime();
        CatchUpQuery.Page page = query.read("g", 1, 10, 200).orElseThrow();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(page.events()).isEmpty();
        assertThat(page.upToDate()).isTrue();
        assertThat(headWatch.waiting("g")).isZero();
    }

    @Test
    void aLongPollOnACopyNothingWakesEndsAsSoonAsItsHeadMoves() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        // a standby's copy: restored from the changelog, never told by an indexer of this instance
        CatchUpQuery standby = new CatchUpQuery(() -> driver.getKeyValueStore(QueryTopology.INDEX_STORE),
                () -> driver.getKeyValueStore(QueryTopology.HEADS_STORE), new HeadWatch(), 1 << 20);
        long start = System.nanoTime();
        CompletableFuture<CatchUpQuery.Page> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return standby.read("g", 1, 10, 20_000).orElseThrow();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        TimeUnit.MILLISECONDS.sleep(600);
        assertThat(poll).isNotDone();

        appendItems("g", 2, 2);

        CatchUpQuery.Page page = poll.get(5, TimeUnit.SECONDS);
        assertThat(page.events()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aCopyWhoseHeadTrailsItsIndexServesTheEntriesUpToItsHead() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        appendItems("g", 2, 10);
        // a standby restores the index and the heads from two changelogs, each at its own pace
        ListHead behind = new ListHead(7L, java.util.Map.of("ann", 7L));
        CatchUpQuery standby = midWrite(new java.util.concurrent.atomic.AtomicBoolean(true), behind);

        CatchUpQuery.Page page = standby.read("g", 3, 100, 0).orElseThrow();
        assertThat(page.head()).isEqualTo(7);
        assertThat(page.events()).hasSize(4);
        assertThat(page.next()).isEqualTo(7);
        assertThat(page.upToDate()).isTrue();
        assertThat(page.clientSeqs()).containsEntry("ann", 7L);
        assertThat(standby.read("g", 8, 100, 0).orElseThrow().events()).isEmpty();
    }

    @Test
    void reindexingAnEntryKeepsTheHead() throws Exception {
        LogEntry first = accepted(1, "ann", 1, 1000, created("G"));
        append("g", first);
        appendItems("g", 2, 3);
        append("g", first);

        CatchUpQuery.Page page = query.read("g", 0, 10, 0).orElseThrow();
        assertThat(page.head()).isEqualTo(3);
        assertThat(page.events()).hasSize(3);
    }

    @Test
    void aFencedReadWaitsForTheClientsSeqNotForAnyEntryThenPagesAsUsual() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        CompletableFuture<CatchUpQuery.Page> read = CompletableFuture.supplyAsync(() -> {
            try {
                return query.read("g", 1, 10, new Fence("bob", 1), 30_000).orElseThrow();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> headWatch.waiting("g") == 1);

        // another client's entry moves the head: the read looks, and waits on (registered again)
        append("g", accepted(2, "ann", 2, 1001, added("milk", "Milk")));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> headWatch.waiting("g") == 1);
        assertThat(read).isNotDone();

        append("g", accepted(3, "bob", 1, 1002, added("eggs", "Eggs")));

        CatchUpQuery.Page page = read.get(10, TimeUnit.SECONDS);
        assertThat(page.clientSeqs()).containsEntry("bob", 1L).containsEntry("ann", 2L);
        assertThat(page.events()).hasSize(2);
        assertThat(texts(page).getLast()).contains("\"clientId\":\"bob\"", "\"itemId\":\"eggs\"");
        assertThat(page.next()).isEqualTo(3);
        assertThat(headWatch.waiting("g")).isZero();
    }

    @Test
    void aFencedReadAnswersAtOnceWhenReachedAndWithThePageAsItIsWhenTheTimeIsUp() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        appendItems("g", 2, 3);

        long start = System.nanoTime();
        CatchUpQuery.Page reached = query.read("g", 3, 10, new Fence("ann", 3), 30_000).orElseThrow();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("nothing new after 3: no wait for it")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(reached.events()).isEmpty();
        assertThat(reached.upToDate()).isTrue();

        start = System.nanoTime();
        CatchUpQuery.Page notYet = query.read("g", 0, 2, new Fence("ann", 4), 200).orElseThrow();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(notYet.events()).hasSize(2);
        assertThat(notYet.next()).isEqualTo(2);
        assertThat(notYet.clientSeqs()).containsEntry("ann", 3L);
        assertThat(headWatch.waiting("g")).isZero();

        assertThat(query.read("never", 0, 10, new Fence("ann", 1), 100)).as("no log, even after the wait").isEmpty();
        assertThat(headWatch.waiting("never")).isZero();
    }

    @Test
    void aFencedReadWaitsForTheEntryItsHeadNamesToBeIndexed() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        // the indexer has written bob's head, not yet the entry it names (the stream thread between its two writes)
        java.util.concurrent.atomic.AtomicBoolean between = new java.util.concurrent.atomic.AtomicBoolean(true);
        ListHead early = new ListHead(2L, java.util.Map.of("ann", 1L, "bob", 1L));
        CatchUpQuery midWrite = midWrite(between, early);
        CompletableFuture<CatchUpQuery.Page> read = CompletableFuture.supplyAsync(() -> {
            try {
                return midWrite.read("g", 1, 10, new Fence("bob", 1), 30_000).orElseThrow();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> headWatch.waiting("g") == 1);
        assertThat(read).as("the head names the fence, the index lacks its entry: not answered").isNotDone();

        between.set(false);
        append("g", accepted(2, "bob", 1, 1001, added("eggs", "Eggs"))); // the entry, and the indexer's wake-up

        CatchUpQuery.Page page = read.get(10, TimeUnit.SECONDS);
        assertThat(texts(page)).singleElement().asString().contains("\"itemId\":\"eggs\"");
        assertThat(page.clientSeqs()).containsEntry("bob", 1L);
        assertThat(page.upToDate()).isTrue();
    }

    /**
     * A query whose heads store shows {@code early} for list g while {@code between}: the indexer between its writes,
     * or a copy restoring its heads at another pace than its index.
     */
    private CatchUpQuery midWrite(java.util.concurrent.atomic.AtomicBoolean between, ListHead early) {
        ReadOnlyKeyValueStore<String, ListHead> heads = driver.getKeyValueStore(QueryTopology.HEADS_STORE);
        return new CatchUpQuery(() -> driver.getKeyValueStore(QueryTopology.INDEX_STORE),
                () -> new ReadOnlyKeyValueStore<>() {
                    @Override
                    public ListHead get(String key) {
                        return between.get() && "g".equals(key) ? early : heads.get(key);
                    }

                    @Override
                    public KeyValueIterator<String, ListHead> range(String from, String to) {
                        return heads.range(from, to);
                    }

                    @Override
                    public KeyValueIterator<String, ListHead> all() {
                        return heads.all();
                    }

                    @Override
                    public long approximateNumEntries() {
                        return heads.approximateNumEntries();
                    }
                }, headWatch, 1 << 20);
    }

    @Test
    void aLongPollWaitsForTheEntryItsHeadNamesToBeIndexed() throws Exception {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        java.util.concurrent.atomic.AtomicBoolean between = new java.util.concurrent.atomic.AtomicBoolean(true);
        CatchUpQuery midWrite = midWrite(between, new ListHead(2L, java.util.Map.of("ann", 2L)));
        CompletableFuture<CatchUpQuery.Page> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return midWrite.read("g", 1, 10, 30_000).orElseThrow();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> headWatch.waiting("g") == 1);
        assertThat(poll).as("the head has moved, the index lacks the entry: no empty answer").isNotDone();

        between.set(false);
        appendItems("g", 2, 2);

        CatchUpQuery.Page page = poll.get(10, TimeUnit.SECONDS);
        assertThat(page.events()).hasSize(1);
        assertThat(page.next()).isEqualTo(2);
        assertThat(page.upToDate()).isTrue();
    }

    /** The page's entries as text. */
    static List<String> texts(CatchUpQuery.Page page) {
        return page.events().stream().map(e -> new String(e, StandardCharsets.UTF_8)).toList();
    }
}
