package io.offlinesync.domain;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.deleted;
import static io.offlinesync.domain.TestEvents.renamed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhatIfTest {

    static EventBody.ItemAdded add(String itemId, String title, String client) {
        return new EventBody.ItemAdded(itemId, title, 1, clock(client, 1));
    }

    /** Ann renames Milk twice, Bob once and later; Eggs is untouched; Bread is completed by Ann only. */
    static final List<LogEntry> LOG = List.of(
            accepted(1, "ann", 1, 1000, created("Groceries", Policy.LWW)),
            accepted(2, "ann", 2, 1100, add("milk", "Milk", "ann")),
            accepted(3, "ann", 3, 1150, add("eggs", "Eggs", "ann")),
            accepted(4, "ann", 4, 1160, add("bread", "Bread", "ann")),
            accepted(5, "ann", 5, 2000, renamed("milk", "Oat milk", 2, clock("ann", 2))),
            accepted(6, "ann", 6, 2100, renamed("milk", "Oat milk 1l", 3, clock("ann", 3))),
            accepted(7, "bob", 1, 9000, renamed("milk", "Soy milk", 2, clock("ann", 1, "bob", 1))),
            accepted(8, "ann", 7, 9100, completed("bread", 2, clock("ann", 2))));

    @Test
    void foldsTheSameLogUnderAnotherPolicyWithoutTouchingTheRealState() {
        TodoList actual = TodoList.fold("g", LOG);
        TodoList counter = TodoList.fold("g", LOG, Policy.COUNTER);
        TodoList vector = TodoList.fold("g", LOG, Policy.VECTOR);

        assertThat(actual.policy()).isEqualTo(Policy.LWW);
        assertThat(actual.policyOverride()).isNull();
        assertThat(actual.item("milk").title().value()).isEqualTo("Soy milk");
        assertThat(counter.policy()).isEqualTo(Policy.COUNTER);
        assertThat(counter.policyOverride()).isEqualTo(Policy.COUNTER);
        assertThat(counter.item("milk").title().value()).isEqualTo("Oat milk 1l");
        assertThat(vector.item("milk").conflicts()).isEqualTo(Map.of("title", List.of("Oat milk 1l", "Soy milk")));
        // the rest of the state folds as usual
        assertThat(counter.title()).isEqualTo("Groceries");
        assertThat(counter.listVersion()).isEqualTo(actual.listVersion());
        assertThat(counter.clientSeqs()).isEqualTo(actual.clientSeqs());
        assertThat(counter.visibleItems()).extracting(Item::itemId).containsExactly("milk", "eggs", "bread");
    }

    @Test
    void listsTheItemsWhoseVisibleFieldsDiffer() {
        TodoList actual = TodoList.fold("g", LOG);

        assertThat(TodoList.differingItems(actual, TodoList.fold("g", LOG, Policy.COUNTER))).containsExactly("milk");
        // vector: Milk is in conflict (shown value the same as lww's, but conflicts differ)
        TodoList vector = TodoList.fold("g", LOG, Policy.VECTOR);
        assertThat(vector.item("milk").title().value()).isEqualTo("Soy milk");
        assertThat(TodoList.differingItems(actual, vector)).containsExactly("milk");
        assertThat(TodoList.differingItems(actual, TodoList.fold("g", LOG, Policy.LWW))).isEmpty();
        assertThat(TodoList.differingItems(actual, actual)).isEmpty();
    }

    @Test
    void anOverrideEqualToTheListsOwnPolicyGivesTheRealState() {
        TodoList actual = TodoList.fold("g", LOG);
        TodoList same = TodoList.fold("g", LOG, Policy.LWW);

        assertThat(same.allItems()).containsExactlyElementsOf(actual.allItems());
        assertThat(same.title()).isEqualTo(actual.title());
    }

    @Test
    void presenceCountsAsADifferenceAndHiddenItemsDoNot() {
        TodoList before = TodoList.fold("g", LOG.subList(0, 4));
        TodoList after = TodoList.fold("g", List.of(
                LOG.get(0), LOG.get(1), LOG.get(2), LOG.get(3),
                accepted(5, "ann", 5, 2000, deleted("eggs", 2, clock("ann", 2))),
                accepted(6, "ann", 6, 2100, add("jam", "Jam", "ann")),
                accepted(7, "ann", 7, 2200, deleted("ghost", 1, clock("ann", 3)))));

        assertThat(TodoList.differingItems(before, after)).containsExactly("eggs", "jam");
        assertThat(TodoList.differingItems(after, before)).containsExactly("eggs", "jam");
    }

    @Test
    void aCompletedFlagCountsAsADifference() {
        TodoList a = TodoList.fold("g", LOG.subList(0, 4));
        TodoList b = TodoList.fold("g", List.of(LOG.get(0), LOG.get(1), LOG.get(2), LOG.get(3), LOG.get(7)));

        assertThat(TodoList.differingItems(a, b)).containsExactly("bread");
    }
}
