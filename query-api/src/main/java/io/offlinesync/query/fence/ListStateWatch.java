package io.offlinesync.query.fence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the readers waiting on a list's state (a state read with a read-your-writes fence) as soon as a served
 * projection's table takes a new state of the list: the query-api's topology calls {@link #changed} for each record
 * of {@code todo.lists.vN} it stores. A reader registers first and reads the store afterwards, so a change between
 * its read and its registration is never missed. Only the running active store's updates pass here: a standby copy
 * changes without telling, so readers look again now and then as well.
 */
public final class ListStateWatch {

    private record Key(String projection, String listId) {}

    private final Map<Key, List<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private volatile boolean released;

    /**
     * A future completed by the next change of {@code listId}'s state in {@code projection}; after
     * {@link #releaseAll()} one that has already failed, so the reader answers at once. Cancel it when done with it.
     */
    public CompletableFuture<Void> awaitChange(String projection, String listId) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (released) {
            future.completeExceptionally(new ShuttingDown());
            return future;
        }
        Key key = new Key(projection, listId);
        waiters.compute(key, (k, list) -> {
            List<CompletableFuture<Void>> next = list == null ? new ArrayList<>() : list;
            next.add(future);
            return next;
        });
        future.whenComplete((v, e) -> remove(key, future));
        return future;
    }

    /** {@code listId}'s state in {@code projection} changed (or was deleted): wakes its readers. */
    public void changed(String projection, String listId) {
        if (waiters.isEmpty()) {
            return; // the usual case, on the stream thread for every record: no key to build
        }
        List<CompletableFuture<Void>> woken = waiters.remove(new Key(projection, listId));
        if (woken != null) {
            woken.forEach(f -> f.complete(null));
        }
    }

    /**
     * Lets every waiting reader answer now with what there is (and any later one at once): on shutdown, so that the
     * web server's graceful phase is not held up by reads that would wait their whole {@code waitMs}.
     */
    public void releaseAll() {
        released = true;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Key key : waiters.keySet()) {
            List<CompletableFuture<Void>> list = waiters.remove(key);
            if (list != null) {
                all.addAll(list);
            }
        }
        all.forEach(f -> f.completeExceptionally(new ShuttingDown()));
    }

    /** Why a wait was answered before its time: the service is shutting down. */
    static final class ShuttingDown extends RuntimeException {
        ShuttingDown() {
            super("the query-api is shutting down", null, false, false);
        }
    }

    private void remove(Key key, CompletableFuture<Void> future) {
        waiters.computeIfPresent(key, (k, list) -> {
            list.remove(future);
            return list.isEmpty() ? null : list;
        });
    }

    /** Readers waiting on {@code listId}'s state in {@code projection} (tests). */
    int waiting(String projection, String listId) {
        List<CompletableFuture<Void>> list = waiters.get(new Key(projection, listId));
        return list == null ? 0 : list.size();
    }
}
