package io.offlinesync.client;

import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.SyncHttp;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.OwnRejection;
import io.offlinesync.domain.HybridClock;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.protocol.CatchUpPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Downloads a list's log after the device's cursor, page by page, into the store. Each page is one store
 * transaction that appends the entries, moves the cursor, drops the pending events the page settles and
 * advances the device's clock past every event received.
 */
final class Puller {

    static final int PAGE = 1000;

    /** What a pull brought: entries stored, own rejections met, the snapshot version it joined from (0: none). */
    record Result(int pulled, List<OwnRejection> rejections, long joinedAt) {
        Result(int pulled, List<OwnRejection> rejections) {
            this(pulled, rejections, 0);
        }
    }

    /** Told how far a catch-up got. */
    interface Progress {
        void progressed(long cursor, long head);
    }

    private final LocalStore store;
    private final SyncHttp http;
    private final RetryPolicy retry;
    private final LongSupplier wallClock;
    private final SnapshotJoin joins;

    Puller(LocalStore store, SyncHttp http, RetryPolicy retry, LongSupplier wallClock) {
        this.store = store;
        this.http = http;
        this.retry = retry;
        this.wallClock = wallClock;
        this.joins = new SnapshotJoin(store, http, wallClock);
    }

    /**
     * Pulls until up to date. A list the device has nothing of is first joined from the server's snapshot
     * with registers ({@link SnapshotJoin}), so only the log's tail is pulled.
     */
    Result pullAll(String listId, Progress progress) throws ServerUnreachableException, InterruptedException {
        Optional<Long> joined = Optional.empty();
        if (joins.hasNothingOf(listId)) {
            joined = withRetry(() -> joins.join(listId));
            joined.ifPresent(v -> progress.progressed(v, v));
        }
        int pulled = 0;
        List<OwnRejection> rejections = new ArrayList<>();
        while (true) {
            long cursor = store.list(listId).orElseThrow().cursor();
            Optional<CatchUpPage> page = withRetry(() -> http.pull(listId, cursor, PAGE, 0));
            if (page.isEmpty()) {
                return new Result(pulled, rejections, joined.orElse(0L)); // no log on the server yet
            }
            rejections.addAll(store(listId, page.get()));
            pulled += page.get().events().size();
            progress.progressed(page.get().next(), page.get().head());
            if (page.get().upToDate() || page.get().events().isEmpty()) {
                return new Result(pulled, rejections, joined.orElse(0L));
            }
        }
    }

    /** One long-poll: waits up to {@code waitMs} for entries after the cursor and stores what comes. */
    Result pollOnce(String listId, long waitMs) throws ServerUnreachableException, InterruptedException {
        long cursor = store.list(listId).orElseThrow().cursor();
        Optional<CatchUpPage> page = http.pull(listId, cursor, PAGE, waitMs);
        if (page.isEmpty()) {
            return new Result(0, List.of());
        }
        return new Result(page.get().events().size(), store(listId, page.get()));
    }

    private List<OwnRejection> store(String listId, CatchUpPage page) {
        return store.write(() -> {
            HybridClock clock = new HybridClock(wallClock, HybridClock.DEFAULT_MAX_SKEW_MS, store.clock());
            for (LogEntry entry : page.events()) {
                if (entry instanceof LogEntry.Accepted accepted) {
                    clock.receive(accepted.event().at());
                }
            }
            // clientSeqs is as of the head: only a page that reaches it tells how far this device's numbering got
            Long serverSeq = page.upToDate() ? page.clientSeqs().get(store.clientId()) : null;
            return store.appendLog(listId, page.events(), page.head(), clock.current(), serverSeq);
        });
    }

    private interface Call<T> {
        T call() throws ServerUnreachableException, InterruptedException;
    }

    private <T> T withRetry(Call<T> call) throws ServerUnreachableException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (ServerUnreachableException e) {
                if (attempt >= retry.maxAttempts()) {
                    throw e;
                }
                Thread.sleep(retry.delay(attempt, null));
            }
        }
    }
}
