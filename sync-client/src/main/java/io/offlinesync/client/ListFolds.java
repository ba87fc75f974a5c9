package io.offlinesync.client;

import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.StoredList;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.projection.TodoListProjection;
import io.offlinesync.protocol.ListSnapshotJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The folds of the lists' synced state (joined snapshot plus stored log), kept in memory and caught up incrementally from the store (another
 * process on the same profile may have appended entries), and the optimistic state built on them.
 */
final class ListFolds {

    private final LocalStore store;
    private final String clientId;
    /** A list's synced fold and the snapshot version it started from (0: from the first log entry). */
    private record Fold(long base, TodoList list) {}

    private final Map<String, Fold> synced = new HashMap<>();

    ListFolds(LocalStore store, String clientId) {
        this.store = store;
        this.clientId = clientId;
    }

    /**
     * The list's synced fold: the snapshot it was joined from (if any) restored, then its stored log folded
     * on top, caught up with the store. Do not modify it. Guarded by the store's lock (the only lock the SDK
     * takes around state, so edits, syncs and watches cannot deadlock).
     */
    TodoList synced(String listId) {
        return store.write(() -> {
            long base = store.list(listId).map(StoredList::snapshotVersion).orElse(0L);
            Fold fold = synced.get(listId);
            if (fold == null || fold.base() != base) { // first use, or another process joined meanwhile
                fold = new Fold(base, base == 0 ? new TodoList(listId) : restore(listId));
                synced.put(listId, fold);
            }
            TodoList list = fold.list();
            store.forEachLogEntry(listId, list.listVersion(), list::apply);
            return list;
        });
    }

    private TodoList restore(String listId) {
        String json = store.snapshot(listId).orElseThrow();
        return ListSnapshotJson.read(json).orElseThrow(
                () -> new IllegalStateException("the stored snapshot of list " + listId + " has no registers"));
    }

    /**
     * The synced fold with {@code pending} applied on top, as if they came next in the log: what the device
     * shows and what its next edit is stamped from. A copy; the synced fold is left as it is.
     */
    TodoList optimistic(String listId, List<ClientEvent> pending) {
        return store.write(() -> DerivedFolds.withPending(TodoListProjection.V1, synced(listId), pending, clientId));
    }

    /**
     * The shown state: {@link #optimistic} turned into the app's view, items touched by pending events marked; the log
     * and the pending queue as of one moment (one transaction).
     */
    ListView view(String listId) {
        return store.write(() -> {
            store.list(listId).orElseThrow(
                    () -> new IllegalArgumentException("this device does not follow list " + listId));
            return view(listId, store.pending(listId));
        });
    }

    private ListView view(String listId, List<ClientEvent> pending) {
        TodoList list = optimistic(listId, pending);
        java.util.Set<String> touched = new java.util.HashSet<>();
        for (ClientEvent e : pending) {
            if (e.body() instanceof EventBody.ItemEvent item) {
                touched.add(item.itemId());
            }
        }
        List<ItemView> items = list.visibleItems().stream().map(item -> new ItemView(item.itemId(),
                item.title().value(), !item.completed().isEmpty() && item.completed().value(),
                item.conflicts(), touched.contains(item.itemId()))).toList();
        return new ListView(listId, list.created(), list.title(), list.policy(), synced(listId).listVersion(),
                items, pending.size(), list.members());
    }
}
