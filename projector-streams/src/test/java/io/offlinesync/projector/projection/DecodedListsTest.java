package io.offlinesync.projector.projection;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.projection.TodoListProjection;
import org.junit.jupiter.api.Test;

class DecodedListsTest {

    private static TodoList list(String id, int items) {
        TodoList list = new TodoList(id);
        list.apply(accepted(1, "ann", 1, 1000, created(id)));
        for (int i = 0; i < items; i++) {
            list.apply(accepted(i + 2, "ann", i + 2, 1000 + i, added("i" + i, "Item " + i)));
        }
        return list;
    }

    @Test
    void evictsTheLeastRecentlyUsedListsOnceTheirItemsPassTheBound() {
        DecodedLists<TodoList> cache = new DecodedLists<>(25, TodoListProjection.V1::weight);
        cache.put("a", list("a", 9)); // weight 10
        cache.put("b", list("b", 9));
        assertThat(cache.take("a")).isNotNull();
        cache.put("a", list("a", 9)); // a is now the most recent
        cache.put("c", list("c", 9)); // 30 > 25: b, the least recent, goes
        assertThat(cache.take("b")).isNull();
        assertThat(cache.take("a")).isNotNull();
        assertThat(cache.take("c")).isNotNull();
    }

    @Test
    void keepsTheMostRecentListEvenWhenItAloneIsOverTheBound() {
        DecodedLists<TodoList> cache = new DecodedLists<>(25, TodoListProjection.V1::weight);
        cache.put("small", list("small", 3));
        cache.put("big", list("big", 100));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.take("big")).isNotNull();
    }

    @Test
    void aTakenListNoLongerCounts() {
        DecodedLists<TodoList> cache = new DecodedLists<>(25, TodoListProjection.V1::weight);
        cache.put("a", list("a", 19));
        cache.take("a");
        cache.put("b", list("b", 9));
        cache.put("c", list("c", 9));
        assertThat(cache.size()).isEqualTo(2);
    }
}
