package io.offlinesync.client;

import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.StoredList;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.projection.Projection;
import io.offlinesync.domain.projection.TodoListProjection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A list's state under any {@link Projection}, derived from the device's local log (nothing downloaded): the synced
 * fold is kept in memory per (projection, list) and caught up incrementally from the store (another process may have
 * appended entries); the device's pending edits are applied on a copy, as if they came next in the log, so the
 * derivation shows the device's own edits.
 *
 * <p>The platform's {@code todo-list} projections (v1, v2) fold exactly what {@link ListFolds} holds for the device's
 * own view: they use that fold, not a second copy of it, and so start from a joined snapshot as it does. Any other
 * projection needs the whole log: for a list joined from the server's snapshot (which keeps only the log after it) it
 * throws {@link LogPrefixMissingException} until the sync has downloaded the part before the snapshot.
 */
final class DerivedFolds {

    private record Key(String name, String id, String listId) {}

    private final LocalStore store;
    private final String clientId;
    private final ListFolds todoLists;
    private final Map<Key, Object> synced = new HashMap<>();

    DerivedFolds(LocalStore store, String clientId, ListFolds todoLists) {
        this.store = store;
        this.clientId = clientId;
        this.todoLists = todoLists;
    }

    /** Whether {@code projection} can start from a server snapshot (the domain fold with registers) instead of the log. */
    static boolean startsFromSnapshot(Projection<?> projection) {
        return projection instanceof TodoListProjection;
    }

    /** The derivation the device shows: the synced fold under {@code projection} with the pending edits on a copy. */
    <S> S derive(String listId, Projection<S> projection) {
        return store.write(() -> withPending(projection, synced(listId, projection), store.pending(listId), clientId));
    }

    /**
     * A copy of {@code synced} with {@code pending} folded on top as the log's next entries (server time: the edit's
     * own), the rule of every optimistic view ({@link ListFolds#optimistic} too).
     */
    static <S> S withPending(Projection<S> projection, S synced, List<ClientEvent> pending, String clientId) {
        S state = projection.copy(synced);
        for (ClientEvent event : pending) {
            state = projection.apply(state,
                    new LogEntry.Accepted(projection.listVersion(state) + 1, clientId, event.at().ms(), event));
        }
        return state;
    }

    /** Brings the list's synced fold under {@code projection} up to the store; returns how many entries it holds. */
    <S> long refresh(String listId, Projection<S> projection) {
        return store.write(() -> projection.listVersion(synced(listId, projection)));
    }

    /** Guarded by the store's lock, like {@link ListFolds}: the only lock the SDK takes around state. */
    @SuppressWarnings("unchecked")
    private <S> S synced(String listId, Projection<S> projection) {
        if (startsFromSnapshot(projection)) {
            return (S) todoLists.synced(listId);
        }
        StoredList stored = store.list(listId).orElseThrow(
                () -> new IllegalArgumentException("this device does not follow list " + listId));
        if (stored.snapshotVersion() > 0) {
            throw new LogPrefixMissingException(listId, stored.snapshotVersion(), ProjectionRef.of(projection));
        }
        Key key = new Key(projection.name(), projection.id(), listId);
        S state = (S) synced.computeIfAbsent(key, k -> projection.initial(listId));
        S[] folded = (S[]) new Object[] {state};
        store.forEachLogEntry(listId, projection.listVersion(state), entry -> folded[0] = projection.apply(folded[0], entry));
        synced.put(key, folded[0]);
        return folded[0];
    }
}
