package io.offlinesync.client;

import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.SyncHttp;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.OwnRejection;
import io.offlinesync.client.store.StoredList;
import io.offlinesync.domain.LogEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rounds that bring the device's lists and the server together: a sync ({@link SyncClient#sync(String)}: push,
 * pull until up to date, wait for the pushed edits to come back), and the single steps the watches take (a long-poll,
 * entries the stream delivered, a push). Every round is settled the same way: a rejection asking for a resend has it
 * resent, the listeners are told, and a {@link SyncReport} says what happened.
 */
final class SyncRounds {

    private static final Duration OWN_EVENTS_WAIT = Duration.ofSeconds(15);

    private final LocalStore store;
    private final SyncHttp http;
    private final Duration fenceWait;
    private final Listeners listeners;
    private final Pusher pusher;
    private final Puller puller;

    SyncRounds(SyncClientConfig config, LocalStore store, SyncHttp http, Listeners listeners) {
        this.store = store;
        this.http = http;
        this.fenceWait = config.fenceWait();
        this.listeners = listeners;
        this.pusher = new Pusher(store, http, config.retry(), store.clientId());
        this.puller = new Puller(store, http, config.retry(), config.wallClock(),
                !DerivedFolds.startsFromSnapshot(config.projection()));
    }

    /** Syncs every followed list. */
    SyncReport syncAll() throws ServerUnreachableException, InterruptedException {
        SyncReport report = SyncReport.empty();
        for (StoredList list : store.lists()) {
            report = report.plus(sync(list.listId()));
        }
        return report;
    }

    /** See {@link SyncClient#sync(String)}. */
    SyncReport sync(String listId) throws ServerUnreachableException, InterruptedException {
        store.follow(listId);
        try {
            SyncReport report = SyncReport.empty();
            for (int round = 0; round < 3; round++) {
                Pusher.Result pushed = pusher.push(listId);
                Puller.Fence fence = pushed.fence() == null || fenceWait.isZero() ? null
                        : new Puller.Fence(pushed.fence(), fenceWait);
                Puller.Result pulled = puller.pullAll(listId, (c, h) -> listeners.progress(listId, c, h), fence);
                report = report.plus(settle(listId, pushed, pulled));
                if (pushed.refusal() != null || !pusher.hasUnsent(listId)) {
                    break; // nothing to resend: no gap, nothing renumbered
                }
            }
            long deadline = System.nanoTime() + OWN_EVENTS_WAIT.toNanos();
            // an auth or server refusal (401, 403, ...) would only repeat: the edits wait for the next sync
            while (report.refusals().isEmpty()
                    && (pusher.awaitingLog(listId, store.pending(listId)) || pusher.hasUnsent(listId))
                    && System.nanoTime() < deadline) {
                // pushes again only what a gap rejection or a renumbering asked for; usually sends nothing
                report = report.plus(settle(listId, pusher.push(listId), puller.pollOnce(listId, 1000)));
            }
            store.saveLastError(report.refusals().isEmpty() ? null : report.refusals().getLast());
            return report;
        } catch (ServerUnreachableException | NotSignedInException e) {
            recordError(e.getMessage());
            throw e;
        }
    }

    // ---- the watches' steps ------------------------------------------------------------------------------

    SyncHttp http() {
        return http;
    }

    long cursor(String listId) {
        return store.list(listId).map(StoredList::cursor).orElse(0L);
    }

    /** One long-poll of a watched list (a catch-up first when the device has nothing of it), applied. */
    Puller.Result pollWatched(String listId, long waitMs) throws ServerUnreachableException, InterruptedException {
        Puller.Result pulled = cursor(listId) == 0
                ? puller.pullAll(listId, (c, h) -> listeners.progress(listId, c, h))
                : puller.pollOnce(listId, waitMs);
        settle(listId, Pusher.Result.NOTHING, pulled);
        return pulled;
    }

    /** Entries of a watched list that the live stream delivered, applied like a catch-up page. */
    Puller.Result applyStreamed(String listId, List<LogEntry> entries)
            throws ServerUnreachableException, InterruptedException {
        Puller.Result applied = puller.applyStreamed(listId, entries, (c, h) -> listeners.progress(listId, c, h));
        settle(listId, Pusher.Result.NOTHING, applied);
        return applied;
    }

    /** Pushes a watched list's pending edits (those not acknowledged yet). */
    void pushWatched(String listId) throws ServerUnreachableException, InterruptedException {
        settle(listId, pusher.push(listId), new Puller.Result(0, List.of()));
    }

    void watchEnded(String listId, String reason) {
        recordError("watch " + listId + ": " + reason);
        listeners.watchEnded(listId, reason);
    }

    void recordError(String message) {
        store.saveLastError(message);
    }

    private SyncReport settle(String listId, Pusher.Result pushed, Puller.Result pulled) {
        List<Rejection> rejections = new ArrayList<>();
        for (OwnRejection own : pulled.rejections()) {
            if (own.entry().expectedClientSeq() != null) {
                pusher.resendFrom(listId, own.entry().expectedClientSeq());
            }
            Rejection rejection = Rejection.of(own);
            rejections.add(rejection);
            listeners.rejected(rejection);
        }
        List<SetAside> setAside = pushed.setAside().stream().map(SetAside::of).toList();
        setAside.forEach(listeners::setAside);
        if (pulled.pulled() > 0 || pushed.pushed() > 0 || pulled.joinedAt() > 0 || !setAside.isEmpty()) {
            listeners.changed(listId);
        }
        return new SyncReport(pushed.pushed(), pulled.pulled(), rejections,
                pushed.refusal() == null ? List.of() : List.of(pushed.refusal()), pulled.joinedAt(), setAside,
                pulled.fence() == null ? List.of() : List.of(pulled.fence()));
    }
}
