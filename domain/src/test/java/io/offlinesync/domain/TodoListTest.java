package io.offlinesync.domain;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.deleted;
import static io.offlinesync.domain.TestEvents.renamed;
import static io.offlinesync.domain.TestEvents.reopened;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TodoListTest {

    @Test
    void listCreatedSetsTitleAndPolicyAndOnlyTheFirstCounts() {
        TodoList list = TodoList.fold("g", List.of(
                accepted(1, "ann", 1, 1000, created("Groceries", Policy.COUNTER)),
                accepted(2, "bob", 1, 2000, created("Other", Policy.LWW))));

        assertThat(list.created()).isTrue();
        assertThat(list.title()).isEqualTo("Groceries");
        assertThat(list.policy()).isEqualTo(Policy.COUNTER);
        assertThat(list.listVersion()).isEqualTo(2);
    }

    @Test
    void listRenamedIsLastWriterWinsOnTheStampNotOnLogOrder() {
        TodoList list = TodoList.fold("g", List.of(
                accepted(1, "ann", 1, 1000, created("Groceries")),
                accepted(2, "bob", 1, 5000, new EventBody.ListRenamed("Late rename")),
                accepted(3, "ann", 2, 3000, new EventBody.ListRenamed("Early rename arriving last"))));

        assertThat(list.title()).isEqualTo("Late rename");
    }

    @Test
    void everyItemEventTypeChangesTheItem() {
        TodoList list = new TodoList("g");
        list.apply(accepted(1, "ann", 1, 1000, created("G")));
        list.apply(accepted(2, "ann", 2, 1100, added("milk", "Buy milk")));
        assertThat(list.visibleItems()).singleElement().satisfies(i -> {
            assertThat(i.title().value()).isEqualTo("Buy milk");
            assertThat(i.completed().value()).isFalse();
        });

        list.apply(accepted(3, "ann", 3, 1200, renamed("milk", "Buy oat milk", 2, clock("ann", 2))));
        list.apply(accepted(4, "ann", 4, 1300, completed("milk", 2, clock("ann", 3))));
        Item item = list.item("milk");
        assertThat(item.title().value()).isEqualTo("Buy oat milk");
        assertThat(item.completed().value()).isTrue();

        list.apply(accepted(5, "ann", 5, 1400, reopened("milk", 3, clock("ann", 4))));
        assertThat(list.item("milk").completed().value()).isFalse();

        list.apply(accepted(6, "ann", 6, 1500, deleted("milk", 4, clock("ann", 5))));
        assertThat(list.visibleItems()).isEmpty();
        assertThat(list.item("milk").deletedVersion()).isEqualTo(6L);
    }

    @Test
    void deletionIsFinalEvenAgainstLaterStampedEdits() {
        TodoList list = TodoList.fold("g", List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, added("milk", "Buy milk")),
                accepted(3, "ann", 3, 1200, deleted("milk", 2, clock("ann", 2))),
                accepted(4, "bob", 1, 9000, renamed("milk", "Revived?", 5, clock("bob", 9))),
                accepted(5, "bob", 2, 9100, added("milk", "Re-added?"))));

        assertThat(list.visibleItems()).isEmpty();
        assertThat(list.item("milk").title().value()).isEqualTo("Buy milk");
        assertThat(list.listVersion()).isEqualTo(5);
    }

    @Test
    void deletingAnUnknownItemLeavesATombstoneThatALaterAddCannotPass() {
        TodoList list = TodoList.fold("g", List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, deleted("ghost", 1, clock("ann", 1))),
                accepted(3, "ann", 3, 1200, added("ghost", "Boo"))));

        assertThat(list.visibleItems()).isEmpty();
    }

    @Test
    void lwwKeepsTheGreatestStampWhateverTheArrivalOrder() {
        var a = renamed("milk", "from ann", 2, clock("ann", 2));
        var b = renamed("milk", "from bob", 2, clock("bob", 1));
        // Same ms and n: the clientId breaks the tie, so "bob" > "ann" wins.
        TodoList annFirst = TodoList.fold("g", List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, added("milk", "Buy milk")),
                accepted(3, "ann", 3, 2000, a),
                accepted(4, "bob", 1, 2000, b)));
        TodoList bobFirst = TodoList.fold("g", List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, added("milk", "Buy milk")),
                accepted(3, "bob", 1, 2000, b),
                accepted(4, "ann", 3, 2000, a)));

        assertThat(annFirst.item("milk").title().value()).isEqualTo("from bob");
        assertThat(bobFirst.item("milk").title().value()).isEqualTo("from bob");
    }

    @Test
    void lwwOrdersByMsThenCounterThenClientId() {
        TodoList list = new TodoList("g");
        list.apply(accepted(1, "ann", 1, 1000, created("G")));
        list.apply(accepted(2, "ann", 2, 1100, added("milk", "v0")));
        list.apply(new LogEntry.Accepted(3, "zed", 0, new ClientEvent("e3", 1, new Hlc(2000, 5),
                renamed("milk", "ms2000 n5 zed", 2, clock("zed", 1)))));
        list.apply(new LogEntry.Accepted(4, "amy", 0, new ClientEvent("e4", 1, new Hlc(2000, 7),
                renamed("milk", "ms2000 n7 amy", 2, clock("amy", 1)))));
        list.apply(new LogEntry.Accepted(5, "bob", 0, new ClientEvent("e5", 1, new Hlc(1999, 99),
                renamed("milk", "older ms", 2, clock("bob", 1)))));

        assertThat(list.item("milk").title().value()).isEqualTo("ms2000 n7 amy");
    }

    @Test
    void itemsKeepTheirFirstAddedOrderAndDeletedOnesAreHidden() {
        TodoList list = TodoList.fold("g", List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, added("b", "B")),
                accepted(3, "ann", 3, 1200, added("a", "A")),
                accepted(4, "ann", 4, 1300, added("c", "C")),
                accepted(5, "ann", 5, 1400, deleted("a", 2, clock("ann", 5))),
                accepted(6, "ann", 6, 1500, added("b", "B again"))));

        assertThat(list.visibleItems()).extracting(Item::itemId).containsExactly("b", "c");
    }

    @Test
    void rejectionsAdvanceTheVersionAndClientSeqsExceptForGaps() {
        TodoList list = TodoList.fold("g", List.of(
                new LogEntry.Rejected(1, "bob", 10, "e1", 1, RejectReason.UNKNOWN_LIST, null),
                accepted(2, "ann", 1, 1000, created("G")),
                new LogEntry.Rejected(3, "ann", 10, "e3", 5, RejectReason.GAP, 2L)));

        assertThat(list.listVersion()).isEqualTo(3);
        assertThat(list.clientSeqs()).containsEntry("bob", 1L).containsEntry("ann", 1L);
        assertThat(list.foldedEntries()).isEqualTo(3);
    }

    @Test
    void aListWithOnlyRejectionsIsNotCreated() {
        TodoList list = TodoList.fold("g", List.of(
                new LogEntry.Rejected(1, "bob", 10, "e1", 1, RejectReason.UNKNOWN_LIST, null)));

        assertThat(list.created()).isFalse();
        assertThat(list.listVersion()).isEqualTo(1);
    }

    @Test
    void refoldingAnOverlappingPrefixChangesNothing() {
        List<LogEntry> log = new ArrayList<>(List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, added("milk", "Buy milk")),
                accepted(3, "ann", 3, 1200, completed("milk", 2, clock("ann", 2)))));
        TodoList list = TodoList.fold("g", log);
        log.forEach(list::apply);

        assertThat(list.foldedEntries()).isEqualTo(3);
        assertThat(list.item("milk").completed().value()).isTrue();
    }

    @Test
    void editsOfAnItemThatWasNeverAddedAreIgnored() {
        TodoList list = TodoList.fold("g", List.of(
                accepted(1, "ann", 1, 1000, created("G")),
                accepted(2, "ann", 2, 1100, renamed("nope", "x", 1, clock("ann", 1))),
                accepted(3, "ann", 3, 1200, completed("nope", 1, clock("ann", 1)))));

        assertThat(list.allItems()).isEmpty();
    }
}
