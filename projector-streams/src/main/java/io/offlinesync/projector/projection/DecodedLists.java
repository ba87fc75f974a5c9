package io.offlinesync.projector.projection;

import io.offlinesync.domain.TodoList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flushed lists kept decoded, least recently used first, bounded by their items (what their memory
 * grows with) rather than by their count. The most recent list stays even when it alone is over the
 * bound, so a very long list being written to is not decoded again for every event.
 */
final class DecodedLists {

    private final long maxItems;
    private final LinkedHashMap<String, TodoList> lists = new LinkedHashMap<>(16, 0.75f, true);
    private long items;

    DecodedLists(long maxItems) {
        this.maxItems = maxItems;
    }

    /** The list, removed from the cache (its owner is about to change it), or null. */
    TodoList take(String listId) {
        TodoList list = lists.remove(listId);
        if (list != null) {
            items -= weight(list);
        }
        return list;
    }

    void put(String listId, TodoList list) {
        TodoList previous = lists.put(listId, list);
        if (previous != null) {
            items -= weight(previous);
        }
        items += weight(list);
        Iterator<Map.Entry<String, TodoList>> eldest = lists.entrySet().iterator();
        while (items > maxItems && lists.size() > 1) {
            TodoList evicted = eldest.next().getValue();
            eldest.remove();
            items -= weight(evicted);
        }
        if (maxItems == 0) {
            lists.clear();
            items = 0;
        }
    }

    void clear() {
        lists.clear();
        items = 0;
    }

    int size() {
        return lists.size();
    }

    static long weight(TodoList list) {
        return 1L + list.allItems().size();
    }
}
