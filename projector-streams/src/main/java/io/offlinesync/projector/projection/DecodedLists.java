package io.offlinesync.projector.projection;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Flushed lists kept decoded, least recently used first, bounded by their items (what their memory
 * grows with) rather than by their count. The most recent list stays even when it alone is over the
 * bound, so a very long list being written to is not decoded again for every event.
 */
final class DecodedLists<S> {

    private final long maxItems;
    private final ToLongFunction<S> weight;
    private final LinkedHashMap<String, S> lists = new LinkedHashMap<>(16, 0.75f, true);
    private long items;

    /** @param weight a state's size in items (the projection's {@code weight}) */
    DecodedLists(long maxItems, ToLongFunction<S> weight) {
        this.maxItems = maxItems;
        this.weight = weight;
    }

    /** The list, removed from the cache (its owner is about to change it), or null. */
    S take(String listId) {
        S list = lists.remove(listId);
        if (list != null) {
            items -= weight(list);
        }
        return list;
    }

    void put(String listId, S list) {
        S previous = lists.put(listId, list);
        if (previous != null) {
            items -= weight(previous);
        }
        items += weight(list);
        Iterator<Map.Entry<String, S>> eldest = lists.entrySet().iterator();
        while (items > maxItems && lists.size() > 1) {
            S evicted = eldest.next().getValue();
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

    long weight(S list) {
        return weight.applyAsLong(list);
    }
}
