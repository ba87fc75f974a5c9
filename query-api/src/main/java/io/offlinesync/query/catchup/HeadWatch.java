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

    /** A future completed with the new head once the list's head passes {@code after}. */
    public CompletableFuture<Long> awaitBeyond(String listId, long after) {
        CompletableFuture<Long> future = new CompletableFuture<>();
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
