package io.offlinesync.query.conflicts;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.deleted;
import static io.offlinesync.domain.TestEvents.renamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.ItemHistory;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.WriteOutcome;
import io.offlinesync.query.QueryTopology;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.TestIndex;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.Topics;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Explain and what-if over the query-api's event index: the log read back from the index folds as the server's did. */
class ConflictQueryTest {

    @TempDir
    java.nio.file.Path stateDir;

    private TestIndex testIndex;
    private TopologyTestDriver driver;
    private TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events;
    private ConflictQuery query;

    @BeforeEach
    void setUp() {
        testIndex = new TestIndex(stateDir);
        driver = testIndex.driver;
        events = testIndex.events;
        query = new ConflictQuery(testIndex.query(1 << 20), 20_000, 2);
    }

    @AfterEach
    void tearDown() {
        testIndex.close();
    }

    private void append(String listId, LogEntry entry) {
        events.pipeInput(listId, EventCodec.toAvro(listId, entry));
    }

    /** Ann adds milk; offline, Ann and Bob rename it concurrently; Bob's count is higher, Ann's stamp later. */
    private void renameVsRename(String listId, Policy policy) {
        append(listId, accepted(1, "ann", 1, 1000, created("G", policy)));
        append(listId, accepted(2, "ann", 2, 1100, new EventBody.ItemAdded("milk", "Milk", 1, clock("ann", 1))));
        append(listId, accepted(3, "bob", 1, 1200, renamed("milk", "Oat milk", 3, clock("ann", 1, "bob", 2))));
        append(listId, accepted(4, "ann", 3, 1300, renamed("milk", "Soy milk", 2, clock("ann", 2))));
    }

    @Test
    void aLogLongerThanTheBoundIsRefusedNamingItsSizeAndTheBound() {
        renameVsRename("g", Policy.VECTOR); // four entries
        ConflictQuery bounded = new ConflictQuery(new CatchUpQuery(
                () -> driver.getKeyValueStore(QueryTopology.INDEX_STORE),
                () -> driver.getKeyValueStore(QueryTopology.HEADS_STORE), new HeadWatch(), 1 << 20), 3, 2);

        for (Runnable fold : new Runnable[] {() -> bounded.history("g", "milk"),
                () -> bounded.whatIf("g", Policy.LWW)}) {
            assertThatThrownBy(fold::run).isInstanceOfSatisfying(CatchUpQuery.LogTooLong.class, e -> {
                assertThat(e.listId()).isEqualTo("g");
                assertThat(e.entries()).isEqualTo(4);
                assertThat(e.bound()).isEqualTo(3);
                assertThat(e.getMessage()).contains("4 log entries", "3", "MAX_FOLD_ENTRIES");
            });
        }
        // at the bound it folds as before
        ConflictQuery exactly = new ConflictQuery(new CatchUpQuery(
                () -> driver.getKeyValueStore(QueryTopology.INDEX_STORE),
                () -> driver.getKeyValueStore(QueryTopology.HEADS_STORE), new HeadWatch(), 1 << 20), 4, 2);
        assertThat(exactly.history("g", "milk")).isPresent();
        assertThat(exactly.whatIf("g", Policy.LWW)).isPresent();
        assertThat(bounded.history("unknown", "milk")).isEmpty();
    }

    @Test
    void foldsBeyondTheConcurrencyBoundAreRefusedAtOnceAndTheSlotIsGivenBack() throws Exception {
        renameVsRename("g", Policy.LWW);
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        ConflictQuery one = new ConflictQuery(new CatchUpQuery(() -> {
            if (Thread.currentThread().getName().startsWith("held-fold")) {
                reading.countDown(); // the held fold is reading the log: it holds the one slot
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return driver.getKeyValueStore(QueryTopology.INDEX_STORE);
        }, () -> driver.getKeyValueStore(QueryTopology.HEADS_STORE), new HeadWatch(), 1 << 20), 100, 1);

        java.util.concurrent.FutureTask<Optional<ItemHistory>> held = new java.util.concurrent.FutureTask<>(
                () -> one.history("g", "milk"));
        Thread.ofPlatform().name("held-fold").start(held);
        assertThat(reading.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(one.running()).isEqualTo(1);

        assertThatThrownBy(() -> one.whatIf("g", Policy.COUNTER)).isInstanceOf(ConflictQuery.FoldsBusy.class)
                .hasMessageContaining("MAX_CONCURRENT_FOLDS");
        assertThatThrownBy(() -> one.history("g", "milk")).isInstanceOf(ConflictQuery.FoldsBusy.class);

        go.countDown();
        assertThat(held.get(10, java.util.concurrent.TimeUnit.SECONDS)).isPresent();
        assertThat(one.running()).isZero();
        assertThat(one.whatIf("g", Policy.COUNTER)).isPresent();
    }

    @Test
    void explainsEveryWriteOfAnItemUnderTheListsPolicy() {
        renameVsRename("g", Policy.LWW);

        ItemHistory history = query.history("g", "milk").orElseThrow();
        assertThat(history.policy()).isEqualTo(Policy.LWW);
        assertThat(history.entries()).extracting(e -> e.listVersion()).containsExactly(2L, 3L, 4L);
        assertThat(history.entry(3).orElseThrow().registers().get("title").outcome()).isEqualTo(WriteOutcome.LOST);
        assertThat(history.entry(3).orElseThrow().registers().get("title").lostTo()).isEqualTo(4L);
        assertThat(history.entry(4).orElseThrow().registers().get("title").outcome()).isEqualTo(WriteOutcome.WON);
        assertThat(history.entry(2).orElseThrow().registers().get("completed").outcome()).isEqualTo(WriteOutcome.WON);
    }

    @Test
    void vectorSiblingsAndADeletionAreExplained() {
        renameVsRename("v", Policy.VECTOR);
        append("v", accepted(5, "cy", 1, 1400, deleted("milk", 4, new io.offlinesync.domain.VClock(java.util.Map.of("ann", 2L, "bob", 2L, "cy", 1L)))));
        append("v", accepted(6, "bob", 2, 1500, renamed("milk", "Rice milk", 4, clock("ann", 1, "bob", 3))));

        ItemHistory history = query.history("v", "milk").orElseThrow();
        assertThat(history.deleted()).isTrue();
        assertThat(history.entry(3).orElseThrow().registers().get("title").outcome()).isEqualTo(WriteOutcome.SIBLING);
        assertThat(history.entry(4).orElseThrow().registers().get("title").outcome()).isEqualTo(WriteOutcome.SIBLING);
        assertThat(history.entry(5).orElseThrow().outcome()).isEqualTo(WriteOutcome.DELETED);
        assertThat(history.entry(6).orElseThrow().registers().get("title").outcome()).isEqualTo(WriteOutcome.AFTER_DELETE);
    }

    @Test
    void whatIfFoldsTheSameLogUnderAnotherPolicyAndNamesTheItemsThatDiffer() {
        renameVsRename("g", Policy.LWW);

        ConflictQuery.WhatIf counter = query.whatIf("g", Policy.COUNTER).orElseThrow();
        assertThat(counter.state().policy()).isEqualTo(Policy.COUNTER);
        assertThat(counter.state().item("milk").title().value()).isEqualTo("Oat milk");
        assertThat(counter.differsFromActual()).containsExactly("milk");

        ConflictQuery.WhatIf same = query.whatIf("g", Policy.LWW).orElseThrow();
        assertThat(same.state().item("milk").title().value()).isEqualTo("Soy milk");
        assertThat(same.differsFromActual()).isEmpty();

        ConflictQuery.WhatIf vector = query.whatIf("g", Policy.VECTOR).orElseThrow();
        assertThat(vector.state().item("milk").conflicts()).containsKey("title");
        assertThat(vector.differsFromActual()).containsExactly("milk");
    }

    @Test
    void unknownListsAndItemsAreEmpty() {
        renameVsRename("g", Policy.LWW);
        assertThat(query.history("g", "bread")).isEmpty();
        assertThat(query.history("nope", "milk")).isEmpty();
        assertThat(query.whatIf("nope", Policy.LWW)).isEmpty();
    }

    @Test
    void aListWhoseLogHoldsOnlyARejectionHasNoWhatIf() {
        append("r", new LogEntry.Rejected(1, "ann", 1000, "0b9e0000-0000-4000-8000-000000000001", 1,
                io.offlinesync.domain.RejectReason.UNKNOWN_LIST, null));
        assertThat(query.whatIf("r", Policy.LWW)).isEmpty();
    }
}
