package io.offlinesync.domain.projection;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.TodoList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewDiffTest {

    private static final List<LogEntry> LOG = List.of(
            accepted(1, "ann", 1, 1_000, created("Groceries")),
            accepted(2, "ann", 2, 2_000, added("milk", "Milk")),
            accepted(3, "ann", 3, 3_000, added("eggs", "Eggs")),
            accepted(4, "ann", 4, 4_000, completed("milk", 2, clock("ann", 2))));

    private static <S> Map<String, Object> view(Projection<S> projection, List<LogEntry> log) {
        S state = projection.initial("groceries");
        for (LogEntry entry : log) {
            state = projection.apply(state, entry);
        }
        return projection.view(state);
    }

    @Test
    void v2OnlyAddsFieldsToV1SoTheyAgreeAndTheAddedFieldsAreNamed() {
        ViewDiff.Result result = ViewDiff.compare(view(TodoListProjection.V1, LOG), view(TodoListProjection.V2, LOG),
                "v1", "v2");

        assertThat(result.agrees()).as(result.disagreements().toString()).isTrue();
        assertThat(result.added()).containsExactly("doneCount", "items[*].addedAt", "items[*].updatedAt",
                "openCount", "stateHash");
    }

    @Test
    void goingBackFromV2ToV1LosesFieldsClientsMayReadSoItDisagrees() {
        ViewDiff.Result result = ViewDiff.compare(view(TodoListProjection.V2, LOG), view(TodoListProjection.V1, LOG),
                "v2", "v1");

        assertThat(result.agrees()).isFalse();
        assertThat(result.disagreements()).contains("stateHash: only in v2", "items[milk].addedAt: only in v2");
        assertThat(result.disagreements().stream().map(ViewDiff::kind).distinct())
                .contains("stateHash: only in v2", "items[*].addedAt: only in v2");
    }

    @Test
    void aChangedValueAMovedItemAndAnotherOrderAreDisagreements() {
        Map<String, Object> before = view(TodoListProjection.V1, LOG);
        Map<String, Object> retitled = new LinkedHashMap<>(before);
        retitled.put("title", "Shopping");
        assertThat(ViewDiff.compare(before, retitled, "a", "b").disagreements())
                .containsExactly("title: 'Groceries' vs 'Shopping'");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) before.get("items");
        Map<String, Object> withoutMilk = new LinkedHashMap<>(before);
        withoutMilk.put("items", items.subList(1, 2));
        withoutMilk.put("archived", List.of(Map.of("itemId", "milk", "title", "Milk", "completedAt", 4_000L)));
        ViewDiff.Result moved = ViewDiff.compare(before, withoutMilk, "v1", "v3");
        assertThat(moved.disagreements()).containsExactly("items[milk]: only in v1");
        assertThat(moved.added()).contains("archived[*]", "archived[*].completedAt", "archived order");
        assertThat(ViewDiff.kind(moved.disagreements().getFirst())).isEqualTo("items[*]: only in v1");

        Map<String, Object> reordered = new LinkedHashMap<>(before);
        List<Map<String, Object>> reversed = new ArrayList<>(items);
        java.util.Collections.reverse(reversed);
        reordered.put("items", reversed);
        assertThat(ViewDiff.compare(before, reordered, "a", "b").disagreements()).containsExactly("items order");
    }

    @Test
    void aCopyFoldsToTheSameStateAndLeavesTheOriginalAlone() {
        TodoListProjection v2 = TodoListProjection.V2;
        TodoList state = v2.initial("groceries");
        for (LogEntry entry : LOG.subList(0, 3)) {
            state = v2.apply(state, entry);
        }
        TodoList copy = v2.copy(state);
        v2.apply(copy, LOG.get(3));

        assertThat(v2.listVersion(state)).isEqualTo(3);
        assertThat(v2.listVersion(copy)).isEqualTo(4);
        assertThat(v2.view(copy)).isEqualTo(view(v2, LOG));
        assertThat(v2.facts(copy)).isEqualTo(new ListFacts("groceries", true, "Groceries", 4, Map.of("ann", 4L)));
    }
}
