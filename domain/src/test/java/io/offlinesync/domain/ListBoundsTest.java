package io.offlinesync.domain;

import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.deleted;
import static io.offlinesync.domain.TestEvents.event;
import static io.offlinesync.domain.TestEvents.renamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sequencer's per-list bounds and its check of reused clientSeqs (ListSequence with a ledger). */
class ListBoundsTest {

    private final List<LogEntry> log = new ArrayList<>();

    private LogEntry admit(ListSequence seq, String clientId, ClientEvent event) {
        LogEntry entry = seq.admit(clientId, 1, event);
        if (entry != null) {
            log.add(entry);
        }
        return entry;
    }

    private static ClientEvent withId(String eventId, long clientSeq, EventBody body) {
        return new ClientEvent(eventId, clientSeq, new Hlc(1000 + clientSeq, 0), body);
    }

    private static void assertLimit(LogEntry entry, ListLimit limit) {
        assertThat(entry).isInstanceOfSatisfying(LogEntry.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.LIST_LIMIT);
            assertThat(r.limit()).isEqualTo(limit.wireName());
        });
    }

    @Test
    void aReusedClientSeqWithAnotherEventIdIsRejectedAndDoesNotAdvance() {
        ListSequence seq = new ListSequence();
        admit(seq, "ann", event(1, 1000, created("G")));
        ClientEvent milk = withId(UUID.randomUUID().toString(), 2, added("milk", "Milk"));
        admit(seq, "ann", milk);
        admit(seq, "ann", withId(UUID.randomUUID().toString(), 3, added("eggs", "Eggs")));

        assertThat(admit(seq, "ann", milk)).as("a retry of the same event").isNull();
        LogEntry reused = admit(seq, "ann", withId(UUID.randomUUID().toString(), 2, added("tea", "Tea")));

        assertThat(reused).isInstanceOfSatisfying(LogEntry.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.SEQ_REUSED);
            assertThat(r.expectedClientSeq()).isEqualTo(4L);
            assertThat(r.listVersion()).isEqualTo(4);
            assertThat(r.consumesClientSeq()).isFalse();
        });
        assertThat(seq.clientSeqs()).containsEntry("ann", 3L);
        assertThat(TodoList.fold("g", log).clientSeqs()).containsEntry("ann", 3L);
        assertThat(admit(seq, "ann", withId(UUID.randomUUID().toString(), 4, added("tea", "Tea"))))
                .isInstanceOf(LogEntry.Accepted.class);
    }

    @Test
    void reuseIsDetectedOverTheLast500ClientSeqsAndOlderOnesAreDroppedAsDuplicates() {
        ListSequence seq = new ListSequence();
        admit(seq, "ann", event(1, 1000, created("G")));
        for (int s = 2; s <= 700; s++) {
            admit(seq, "ann", withId(UUID.randomUUID().toString(), s, renamed("x", "X" + s, s, clock("ann", s))));
        }
        assertThat(admit(seq, "ann", withId(UUID.randomUUID().toString(), 201, added("a", "A"))))
                .isInstanceOfSatisfying(LogEntry.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.SEQ_REUSED));
        assertThat(admit(seq, "ann", withId(UUID.randomUUID().toString(), 200, added("a", "A"))))
                .as("beyond the remembered window: a duplicate, as before").isNull();
    }

    @Test
    void aNewClientBeyondTheClientsBoundIsRefusedWithoutBeingRecorded() {
        ListSequence seq = new ListSequence(ListLedger.inMemory(), new ListLimits(2, 100, 1 << 20));
        admit(seq, "ann", event(1, 1000, created("G")));
        admit(seq, "bob", event(1, 1001, added("milk", "Milk")));
        LogEntry third = admit(seq, "cyd", event(1, 1002, added("eggs", "Eggs")));

        assertLimit(third, ListLimit.CLIENTS);
        assertThat(third.consumesClientSeq()).isFalse();
        assertThat(seq.clientSeqs()).containsOnlyKeys("ann", "bob");
        assertThat(TodoList.fold("g", log).clientSeqs()).containsOnlyKeys("ann", "bob");
        assertThat(admit(seq, "bob", event(2, 1003, added("eggs", "Eggs")))).isInstanceOf(LogEntry.Accepted.class);
    }

    @Test
    void itemsAndTombstonesCountAgainstTheItemsBoundAndExistingItemsStayWritable() {
        ListSequence seq = new ListSequence(ListLedger.inMemory(), new ListLimits(10, 2, 1 << 20));
        admit(seq, "ann", event(1, 1000, created("G")));
        admit(seq, "ann", event(2, 1001, added("milk", "Milk")));
        admit(seq, "ann", event(3, 1002, deleted("gone", 1, clock("ann", 1))));

        assertLimit(admit(seq, "ann", event(4, 1003, added("eggs", "Eggs"))), ListLimit.ITEMS);
        assertThat(admit(seq, "ann", event(5, 1004, renamed("milk", "Oat milk", 2, clock("ann", 2)))))
                .isInstanceOf(LogEntry.Accepted.class);
        assertThat(admit(seq, "ann", event(6, 1005, deleted("milk", 3, clock("ann", 3)))))
                .isInstanceOf(LogEntry.Accepted.class);
        assertThat(admit(seq, "ann", event(7, 1006, renamed("never-added", "X", 1, clock("ann", 4)))))
                .as("an edit of an unknown item changes nothing, so it passes no bound")
                .isInstanceOf(LogEntry.Accepted.class);
        assertThat(seq.counts().items()).isEqualTo(2);
        assertThat(seq.clientSeqs()).containsEntry("ann", 7L);
    }

    @Test
    void theStateSizeBoundRefusesGrowthButNotShrinking() {
        ListSequence seq = new ListSequence(ListLedger.inMemory(), new ListLimits(10, 1000, 4000));
        admit(seq, "ann", event(1, 1000, created("G", Policy.VECTOR)));
        String title = "t".repeat(400);
        int accepted = 0;
        LogEntry last = null;
        for (int i = 0; i < 100 && !(last instanceof LogEntry.Rejected); i++) {
            last = admit(seq, "ann", event(2 + i, 1001 + i, added("item" + i, title)));
            accepted += last instanceof LogEntry.Accepted ? 1 : 0;
        }
        assertLimit(last, ListLimit.SIZE);
        assertThat(accepted).isBetween(3, 9);
        assertThat(seq.counts().stateBytes()).isLessThanOrEqualTo(4000);
        long seqNow = seq.clientSeqs().get("ann");
        assertThat(admit(seq, "ann", event(seqNow + 1, 2000, renamed("item0", "short", 2, clock("ann", 99)))))
                .as("a write that leaves the item smaller").isInstanceOf(LogEntry.Accepted.class);
        assertThat(last.consumesClientSeq()).isTrue();
    }

    @Test
    void vectorSiblingsAreSizedAsTheFoldKeepsThem() {
        ListSequence seq = new ListSequence(ListLedger.inMemory(), new ListLimits(100, 1000, 1 << 20));
        admit(seq, "ann", event(1, 1000, created("G", Policy.VECTOR)));
        admit(seq, "ann", event(2, 1001, added("milk", "Milk")));
        long before = seq.counts().stateBytes();
        for (int c = 0; c < 20; c++) {
            admit(seq, "c" + c, event(1, 1002 + c, renamed("milk", "Milk " + c, 2, clock("x", 1, "c" + c, 1))));
        }
        TodoList folded = TodoList.fold("g", log);
        assertThat(folded.item("milk").title().writes()).hasSize(20);
        assertThat(seq.counts().stateBytes() - before).isEqualTo(
                StateSize.item(folded.item("milk")) - StateSize.item(TodoList.fold("g", log.subList(0, 2)).item("milk")));
    }

    @Test
    void limitsThatCouldPassTheRecordBudgetAreRefused() {
        assertThatThrownBy(() -> new ListLimits(1000, 10_000, 2L << 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("record budget");
        assertThatThrownBy(() -> new ListLimits(1000, 10_000, 1 << 20, 20_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("members");
        assertThatThrownBy(() -> new ListLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ListLimits(1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientHistoryRemembersEventIdsAcrossStorage() {
        ClientHistory history = new ClientHistory();
        Map<Long, String> ids = new TreeMap<>();
        for (long s = 1; s <= 600; s++) {
            String id = UUID.randomUUID().toString();
            ids.put(s, id);
            history.consume(s, id);
        }
        ClientHistory stored = new ClientHistory(history.lastSeq(), history.rememberedIds());
        assertThat(stored.rememberedIds()).hasSize(2 * ClientHistory.REMEMBERED);
        for (long s = 101; s <= 600; s++) {
            assertThat(stored.mayBe(s, ids.get(s))).isTrue();
            assertThat(stored.mayBe(s, UUID.randomUUID().toString())).as("seq " + s).isFalse();
        }
        assertThat(stored.mayBe(100, UUID.randomUUID().toString())).as("forgotten").isTrue();
        assertThatThrownBy(() -> stored.consume(602, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
