package io.offlinesync.client;

import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.StoredList;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.projection.Projection;
import io.offlinesync.domain.projection.TodoListProjection;
import io.offlinesync.protocol.ListSnapshotJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A list's state under any {@link Projection}, derived from the device's local log (nothing downloaded): the synced
 * fold is kept in memory per (projection, list) and caught up incrementally from the store like {@link ListFolds}
 * (another process may have appended entries); the device's pending edits are applied on a copy, as if they came next
 * in the log, so the derivation shows the device's own edits.
 *
 * <p>A list joined from the server's snapshot keeps only the log after it. The platform's {@code todo-list}
 * projections start from that snapshot (it is their own state, with registers); any other projection needs the whole
 * log and throws {@link LogPrefixMissingException} until the sync has downloaded the part before the snapshot.
 */
final class DerivedFolds {

    private record Key(String name, String id, String listId) {}

    /** A list's synced state under one projection and the snapshot version it started from (0: the first entry). */
    private static final class Fold<S> {
        final long base;
        S state;

        Fold(long base, S state) {
            this.base = base;
            this.state = state;
        }
    }

    private final LocalStore store;
    private final String clientId;
    private final Map<Key, Fold<?>> synced = new HashMap<>();

    DerivedFolds(LocalStore store, String clientId) {
        this.store = store;
        this.clientId = clientId;
    }

    /** Whether {@code projection} can start from a server snapshot (the domain fold with registers) instead of the log. */
    static boolean startsFromSnapshot(Projection<?> projection) {
        return projection instanceof TodoListProjection;
    }

    /** The derivation the device shows: the synced fold under {@code projection} with the pending edits on a copy. */
    <S> S derive(String listId, Projection<S> projection) {
        return store.write(() -> {
            S state = projection.copy(catchUp(listId, projection).state);
            for (ClientEvent event : store.pending(listId)) {
                LogEntry next = new LogEntry.Accepted(projection.listVersion(state) + 1, clientId, event.at().ms(), event);
                state = projection.apply(state, next);
            }
            return state;
        });
    }

    /** Brings the list's synced fold under {@code projection} up to the store; returns how many entries it folded. */
    long refresh(String listId, Projection<?> projection) {
        return store.write(() -> catchUp(listId, projection).folded);
    }

    private record CaughtUp<S>(S state, long folded) {}

    /** Guarded by the store's lock, like {@link ListFolds}: the only lock the SDK takes around state. */
    @SuppressWarnings("unchecked")
    private <S> CaughtUp<S> catchUp(String listId, Projection<S> projection) {
        StoredList stored = store.list(listId).orElseThrow(
                () -> new IllegalArgumentException("this device does not follow list " + listId));
        long base = stored.snapshotVersion();
        if (base > 0 && !startsFromSnapshot(projection)) {
            throw new LogPrefixMissingException(listId, base, ProjectionRef.of(projection));
        }
        Key key = new Key(projection.name(), projection.id(), listId);
        Fold<S> fold = (Fold<S>) synced.get(key);
        if (fold == null || fold.base != base) { // first use, or the snapshot was joined or dropped meanwhile
            fold = new Fold<>(base, base == 0 ? projection.initial(listId) : (S) restore(listId));
            synced.put(key, fold);
        }
        Fold<S> f = fold;
        long[] folded = {0};
        store.forEachLogEntry(listId, projection.listVersion(f.state), entry -> {
            f.state = projection.apply(f.state, entry);
            folded[0]++;
        });
        return new CaughtUp<>(f.state, folded[0]);
    }

    private TodoList restore(String listId) {
        String json = store.snapshot(listId).orElseThrow();
        return ListSnapshotJson.read(json).orElseThrow(
                () -> new IllegalStateException("the stored snapshot of list " + listId + " has no registers"));
    }
}
