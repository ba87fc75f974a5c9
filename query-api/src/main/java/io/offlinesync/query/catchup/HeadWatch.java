package io.offlinesync.query.catchup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes long-polling readers of a list as soon as the indexer moves its head. A reader registers
 * first and re-reads the store afterwards, so an advance between its read and its registration is
 * never missed.
 */
public final class HeadWatch {

    private record Waiter(long after, CompletableFuture<Long> future) {}

    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private volatile boolean released;

    /**
     * A future completed with the new head once the list's head passes {@code after}; after
     * {@link #releaseAll()} one that has already failed, so the reader answers at once.
     */
    public CompletableFuture<Long> awaitBeyond(String listId, long after) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (released) {
            future.completeExceptionally(new ShuttingDown());
            return future;
        }
        Waiter waiter = new Waiter(after, future);
        waiters.compute(listId, (k, list) -> {
            List<Waiter> next = list == null ? new ArrayList<>() : list;
            next.add(waiter);
            return next;
        });
        future.whenComplete((v, e) -> remove(listId, waiter));
        return future;
    }

    void advanced(String listId, long head) {
        List<Waiter> woken = new ArrayList<>();
        waiters.computeIfPresent(listId, (k, list) -> {
            list.removeIf(w -> {
                if (head > w.after()) {
                    woken.add(w);
                    return true;
                }
                return false;
            });
            return list.isEmpty() ? null : list;
        });
        woken.forEach(w -> w.future().complete(head));
    }

    /**
     * Lets every long-poll answer now with what there is (and any later one at once): on shutdown, so that
     * the web server's graceful phase is not held up by readers that would wait their whole {@code waitMs}.
     */
    public void releaseAll() {
        released = true;
        List<Waiter> all = new ArrayList<>();
        for (String listId : waiters.keySet()) {
            waiters.computeIfPresent(listId, (k, list) -> { // the lists change only under their key's lock
                all.addAll(list);
                return list;
            });
        }
        all.forEach(w -> w.future().completeExceptionally(new ShuttingDown()));
    }

    /** Why a long-poll was answered before its time: the service is shutting down. */
    static final class ShuttingDown extends RuntimeException {
        ShuttingDown() {
            super("the query-api is shutting down", null, false, false);
        }
    }

    private void remove(String listId, Waiter waiter) {
        waiters.computeIfPresent(listId, (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }

    int waiting(String listId) {
        List<Waiter> list = waiters.get(listId);
        return list == null ? 0 : list.size();
    }
}
