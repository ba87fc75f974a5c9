package io.offlinesync.query.catchup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

/**
 * Wakes readers of a list as soon as the indexer moves its head: long-polls (one wait each) and live streams
 * (a {@link Subscription} to many lists for as long as the stream is open). A reader registers first and
 * re-reads the store afterwards, so an advance between its read and its registration is never missed.
 */
public final class HeadWatch {

    private record Waiter(long after, CompletableFuture<Long> future) {}

    /** Told of every advance of the lists it subscribed to, on the thread that moved the head: it must not block. */
    public interface Listener {
        void advanced(String listId, long head);

        /** The service is shutting down: no more advances will be told. */
        void released();
    }

    /** A listener's registration; closing it stops the calls. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Map<String, Set<Listener>> listeners = new ConcurrentHashMap<>();
    private final Set<Listener> subscribed = ConcurrentHashMap.newKeySet();
    private volatile boolean released;

    /**
     * Tells {@code listener} of every later advance of {@code listIds} until the subscription is closed; after
     * {@link #releaseAll()} it is told {@code released()} at once.
     */
    public Subscription subscribe(Set<String> listIds, Listener listener) {
        subscribed.add(listener);
        for (String listId : listIds) {
            listeners.compute(listId, (k, set) -> {
                Set<Listener> next = set == null ? ConcurrentHashMap.newKeySet() : set;
                next.add(listener);
                return next;
            });
        }
        if (released) {
            listener.released();
        }
        return () -> {
            subscribed.remove(listener);
            for (String listId : listIds) {
                listeners.computeIfPresent(listId, (k, set) -> {
                    set.remove(listener);
                    return set.isEmpty() ? null : set;
                });
            }
        };
    }

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

    /** The list's head is now {@code head}: from the indexer, or from another instance's (see cluster/PeerHeads). */
    public void advanced(String listId, long head) {
        Set<Listener> told = listeners.get(listId);
        if (told != null) {
            told.forEach(l -> l.advanced(listId, head));
        }
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
        subscribed.forEach(Listener::released);
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
