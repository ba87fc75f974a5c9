package io.offlinesync.domain;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.deleted;
import static io.offlinesync.domain.TestEvents.renamed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StateDigestTest {

    private static final List<LogEntry> LOG = List.of(
            accepted(1, "ann", 1, 1000, created("Groceries")),
            accepted(2, "ann", 2, 1100, added("milk", "Buy milk")),
            accepted(3, "ann", 3, 1200, added("eggs", "Eggs")),
            accepted(4, "ann", 4, 1300, completed("milk", 2, clock("ann", 2))));

    @Test
    void theCanonicalTextIsLengthPrefixedAndCoversOnlyVisibleFields() {
        TodoList list = TodoList.fold("g", LOG);
        assertThat(StateDigest.canonical(list))
                .isEqualTo("list9:Groceries3:lww2;item4:milk8:Buy milk10;item4:eggs4:Eggs00;");
        assertThat(StateDigest.of(list)).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void hiddenItemsAndVersionsDoNotChangeTheDigestButAVisibleChangeDoes() {
        TodoList base = TodoList.fold("g", LOG);
        List<LogEntry> withHiddenItem = new java.util.ArrayList<>(LOG);
        withHiddenItem.add(accepted(5, "ann", 5, 1400, added("tmp", "Temp")));
        withHiddenItem.add(accepted(6, "ann", 6, 1500, deleted("tmp", 2, clock("ann", 5))));
        assertThat(StateDigest.of(TodoList.fold("g", withHiddenItem))).isEqualTo(StateDigest.of(base));

        List<LogEntry> renamedLog = new java.util.ArrayList<>(LOG);
        renamedLog.add(accepted(5, "ann", 5, 1400, renamed("eggs", "Brown eggs", 2, clock("ann", 5))));
        assertThat(StateDigest.of(TodoList.fold("g", renamedLog))).isNotEqualTo(StateDigest.of(base));
    }

    @Test
    void itemsKeepTheServerTimesOfTheEntriesThatAddedAndLastWroteThem() {
        TodoList list = TodoList.fold("g", LOG);
        assertThat(list.item("milk").addedAtMs()).isEqualTo(1100L);
        assertThat(list.item("milk").updatedAtMs()).isEqualTo(1300L);
        assertThat(list.item("eggs").addedAtMs()).isEqualTo(1200L);
        assertThat(list.item("eggs").updatedAtMs()).isEqualTo(1200L);
    }

    @Test
    void aWriteToATombstoneDoesNotMoveUpdatedAt() {
        List<LogEntry> log = new java.util.ArrayList<>(LOG);
        log.add(accepted(5, "ann", 5, 1400, deleted("eggs", 2, clock("ann", 5))));
        log.add(accepted(6, "bob", 1, 1500, renamed("eggs", "Late", 3, clock("bob", 1))));
        assertThat(TodoList.fold("g", log).item("eggs").updatedAtMs()).isEqualTo(1400L);
    }
}
