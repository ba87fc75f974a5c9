package io.offlinesync.domain;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.deleted;
import static io.offlinesync.domain.TestEvents.renamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemHistoryTest {

    static EventBody.ItemAdded add(String itemId, String title, String client) {
        return new EventBody.ItemAdded(itemId, title, 1, clock(client, 1));
    }

    @Test
    void listsOnlyTheItemsOwnEntriesWithEveryFieldOfTheEvent() {
        List<LogEntry> log = List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, add("milk", "Milk", "ann")),
                accepted(3, "ann", 3, 1150, add("eggs", "Eggs", "ann")),
                accepted(4, "bob", 1, 1200, renamed("milk", "Oat milk", 2, clock("ann", 1, "bob", 1))));
        TodoList list = TodoList.fold("g", log);

        ItemHistory h = ItemHistory.explain(log, list, "milk").orElseThrow();

        assertThat(h.listId()).isEqualTo("g");
        assertThat(h.policy()).isEqualTo(Policy.LWW);
        assertThat(h.deleted()).isFalse();
        assertThat(h.listVersion()).isEqualTo(4);
        assertThat(h.entries()).extracting(HistoryEntry::listVersion).containsExactly(2L, 4L);
        HistoryEntry rename = h.entries().get(1);
        assertThat(rename.clientId()).isEqualTo("bob");
        assertThat(rename.clientSeq()).isEqualTo(1);
        assertThat(rename.eventId()).isEqualTo(log.get(3).eventId());
        assertThat(rename.serverMs()).isEqualTo(1200);
        assertThat(rename.type()).isEqualTo("ItemRenamed");
        assertThat(rename.at()).isEqualTo(new Hlc(1200, 0));
        assertThat(rename.count()).isEqualTo(2);
        assertThat(rename.vclock()).isEqualTo(clock("ann", 1, "bob", 1));
        assertThat(rename.outcome()).isNull();
        assertThat(rename.registers()).containsOnlyKeys(ItemHistory.TITLE);
        assertThat(rename.registers().get(ItemHistory.TITLE)).isEqualTo(RegisterOutcome.of("Oat milk", WriteOutcome.WON));
        assertThat(h.entries().get(0).registers()).containsExactly(
                java.util.Map.entry(ItemHistory.TITLE, new RegisterOutcome("Milk", WriteOutcome.LOST, 4L)),
                java.util.Map.entry(ItemHistory.COMPLETED, RegisterOutcome.of(false, WriteOutcome.WON)));
    }

    @Test
    void anUnknownItemHasNoHistory() {
        List<LogEntry> log = List.of(accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, add("milk", "Milk", "ann")));
        assertThat(ItemHistory.explain("g", log, "bread")).isEmpty();
    }

    @Test
    void skipsRejectionsAndReDeliveredEntriesAsTheFoldDoes() {
        List<LogEntry> log = new ArrayList<>(List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, add("milk", "Milk", "ann")),
                new LogEntry.Rejected(3, "ann", 1, "e3", 9, RejectReason.GAP, 3L),
                accepted(4, "ann", 3, 1200, completed("milk", 2, clock("ann", 2)))));
        log.addAll(log.subList(1, 4)); // an overlapping page delivered again
        TodoList list = TodoList.fold("g", log);

        ItemHistory h = ItemHistory.explain(log, list, "milk").orElseThrow();

        assertThat(h.entries()).extracting(HistoryEntry::listVersion).containsExactly(2L, 4L);
    }

    @Test
    void explainsTheStateItIsGivenAndLeavesOutLaterEntries() {
        List<LogEntry> log = List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, add("milk", "Milk", "ann")),
                accepted(3, "bob", 1, 1200, renamed("milk", "Oat milk", 2, clock("ann", 1, "bob", 1))));
        TodoList stateAtV2 = TodoList.fold("g", log.subList(0, 2)); // the state store lags the event index

        ItemHistory h = ItemHistory.explain(log, stateAtV2, "milk").orElseThrow();

        assertThat(h.listVersion()).isEqualTo(2);
        assertThat(h.entries()).singleElement().satisfies(e ->
                assertThat(e.registers().get(ItemHistory.TITLE).outcome()).isEqualTo(WriteOutcome.WON));
    }

    @Test
    void aSecondDeletionAndLaterEditsComeAfterTheDeletion() {
        List<LogEntry> log = List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, add("milk", "Milk", "ann")),
                accepted(3, "ann", 3, 1200, deleted("milk", 2, clock("ann", 2))),
                accepted(4, "bob", 1, 1300, deleted("milk", 2, clock("ann", 1, "bob", 1))),
                accepted(5, "bob", 2, 1400, completed("milk", 2, clock("ann", 1, "bob", 2))),
                accepted(6, "bob", 3, 1500, add("milk", "Milk again", "bob")));
        TodoList list = TodoList.fold("g", log);

        ItemHistory h = ItemHistory.explain(log, list, "milk").orElseThrow();

        assertThat(h.deleted()).isTrue();
        assertThat(h.entries()).extracting(HistoryEntry::outcome)
                .containsExactly(null, WriteOutcome.DELETED, WriteOutcome.AFTER_DELETE, null, null);
        assertThat(h.entry(3).orElseThrow().registers()).isEmpty();
        assertThat(h.entry(5).orElseThrow().registers().get(ItemHistory.COMPLETED))
                .isEqualTo(RegisterOutcome.of(true, WriteOutcome.AFTER_DELETE));
        assertThat(h.entry(6).orElseThrow().registers().values()).extracting(RegisterOutcome::outcome)
                .containsExactly(WriteOutcome.AFTER_DELETE, WriteOutcome.AFTER_DELETE);
        assertThat(h.entry(2).orElseThrow().registers().get(ItemHistory.TITLE).outcome()).isEqualTo(WriteOutcome.WON);
    }

    @Test
    void aDeletionOfAnItemNeverAddedStillExplainsTheTombstone() {
        List<LogEntry> log = List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, deleted("ghost", 1, clock("ann", 1))),
                accepted(3, "bob", 1, 1200, add("ghost", "Boo", "bob")));

        ItemHistory h = ItemHistory.explain("g", log, "ghost").orElseThrow();

        assertThat(h.deleted()).isTrue();
        assertThat(h.entry(2).orElseThrow().outcome()).isEqualTo(WriteOutcome.DELETED);
        assertThat(h.entry(3).orElseThrow().registers().get(ItemHistory.TITLE).outcome())
                .isEqualTo(WriteOutcome.AFTER_DELETE);
    }

    @Test
    void anEditOfAnItemNotAddedYetIsExplainedAsIgnored() {
        List<LogEntry> log = List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "bob", 1, 1100, renamed("milk", "Oat milk", 2, clock("bob", 1))),
                accepted(3, "ann", 2, 1200, add("milk", "Milk", "ann")));

        ItemHistory h = ItemHistory.explain("g", log, "milk").orElseThrow();

        assertThat(h.entry(2).orElseThrow().registers().get(ItemHistory.TITLE).outcome())
                .isEqualTo(WriteOutcome.BEFORE_ADD);
        assertThat(h.entry(3).orElseThrow().registers().get(ItemHistory.TITLE).outcome()).isEqualTo(WriteOutcome.WON);
        assertThat(WriteOutcome.BEFORE_ADD.wireName()).isEqualTo("before-add");
    }

    @Test
    void explainsAWhatIfFoldUnderItsPolicy() {
        List<LogEntry> log = List.of(
                accepted(1, "ann", 1, 1000, created("G", Policy.LWW)),
                accepted(2, "ann", 2, 1100, add("milk", "Milk", "ann")),
                accepted(3, "ann", 3, 1200, renamed("milk", "Oat milk", 2, clock("ann", 2))),
                accepted(4, "bob", 1, 1300, renamed("milk", "Soy milk", 2, clock("ann", 1, "bob", 1))));
        TodoList whatIf = TodoList.fold("g", log, Policy.VECTOR);

        ItemHistory h = ItemHistory.explain(log, whatIf, "milk").orElseThrow();

        assertThat(h.policy()).isEqualTo(Policy.VECTOR);
        assertThat(h.entries()).extracting(e -> e.registers().get(ItemHistory.TITLE).outcome())
                .containsExactly(WriteOutcome.SUPERSEDED, WriteOutcome.SIBLING, WriteOutcome.SIBLING);
    }

    @Test
    void refusesAStateThatWasNotFoldedFromTheEntries() {
        List<LogEntry> log = List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, add("milk", "Milk", "ann")));
        TodoList other = TodoList.fold("g", List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, add("eggs", "Eggs", "ann"))));

        assertThatThrownBy(() -> ItemHistory.explain(log, other, "milk"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not folded from these entries");
    }

    @Test
    void outcomesHaveTheProtocolsWireNames() {
        assertThat(WriteOutcome.values()).extracting(WriteOutcome::wireName).containsExactly(
                "won", "lost", "superseded", "sibling", "after-delete", "before-add", "deleted");
    }
}
