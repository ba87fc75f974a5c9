package io.offlinesync.client;

import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.SyncHttp;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.OwnRejection;
import io.offlinesync.domain.HybridClock;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.protocol.CatchUpPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Downloads a list's log after the device's cursor, page by page, into the store. Each page is one store
 * transaction that appends the entries, moves the cursor, drops the pending events the page settles and
 * advances the device's clock past every event received. Entries the live stream delivers go the same way
 * ({@link #applyStreamed}).
 */
final class Puller {

    static final int PAGE = 1000;
    private static final System.Logger LOG = System.getLogger(Puller.class.getName());

    /**
     * What a pull brought: entries stored, own rejections met, the snapshot version it joined from (0: none),
     * whether the server has no log of the list for this device (404), and how a fenced read went (null: none).
     */
    record Result(int pulled, List<OwnRejection> rejections, long joinedAt, boolean missing, FenceWait fence) {
        Result(int pulled, List<OwnRejection> rejections) {
            this(pulled, rejections, 0, false, null);
        }

        static final Result MISSING = new Result(0, List.of(), 0, true, null);

        Result plus(Result later) {
            List<OwnRejection> all = new ArrayList<>(rejections);
            all.addAll(later.rejections);
            return new Result(pulled + later.pulled, all, Math.max(joinedAt, later.joinedAt), later.missing,
                    fence != null ? fence : later.fence);
        }
    }

    /** What a fenced pull waits for: the push's fence, and at most how long. */
    record Fence(String fence, Duration waitAtMost) {}

    /** Told how far a catch-up got. */
    interface Progress {
        void progressed(long cursor, long head);
    }

    private final LocalStore store;
    private final SyncHttp http;
    private final RetryPolicy retry;
    private final LongSupplier wallClock;
    private final SnapshotJoin joins;
    private final LogPrefix prefix;
    private final boolean wholeLog;

    /**
     * {@code wholeLog}: the app's projection cannot start from a server snapshot ({@link DerivedFolds}), so lists are
     * not joined from one, and a list joined from one earlier gets the log before it once.
     */
    Puller(LocalStore store, SyncHttp http, RetryPolicy retry, LongSupplier wallClock, boolean wholeLog) {
        this.store = store;
        this.http = http;
        this.retry = retry;
        this.wallClock = wallClock;
        this.joins = new SnapshotJoin(store, http, wallClock);
        this.prefix = new LogPrefix(store, http);
        this.wholeLog = wholeLog;
    }

    /**
     * Pulls until up to date. A list the device has nothing of is first joined from the server's snapshot
     * with registers ({@link SnapshotJoin}), so only the log's tail is pulled, unless the app's projection needs the
     * whole log: then the log is pulled from the start, and a list joined earlier gets the part before its snapshot
     * ({@link LogPrefix}).
     */
    Result pullAll(String listId, Progress progress) throws ServerUnreachableException, InterruptedException {
        return pullAll(listId, progress, null);
    }

    /**
     * {@link #pullAll(String, Progress)} whose first page waits for {@code fence} (null: none): the query-api holds
     * it until the list's {@code clientSeqs} show the pushed events, or until the fence's wait is up. The later pages
     * need no fence: the first one's {@code clientSeqs} are as of its head, and the pull goes on up to it.
     */
    Result pullAll(String listId, Progress progress, Fence fence) throws ServerUnreachableException, InterruptedException {
        Optional<Long> joined = Optional.empty();
        if (!wholeLog && joins.hasNothingOf(listId)) {
            joined = retry.call(attempt -> joins.join(listId));
            joined.ifPresent(v -> progress.progressed(v, v));
        }
        int pulled = wholeLog ? retry.call(attempt -> prefix.complete(listId)) : 0;
        List<OwnRejection> rejections = new ArrayList<>();
        FenceWait waited = null;
        while (true) {
            long cursor = store.list(listId).orElseThrow().cursor();
            Optional<CatchUpPage> page;
            if (fence != null && waited == null) {
                long started = System.nanoTime();
                Optional<SyncHttp.FencedPage> fenced = retry.call(
                        attempt -> http.pull(listId, cursor, PAGE, fence.fence(), fence.waitAtMost().toMillis()));
                // a 404: the list is not there for this user yet, so neither is the fence (its ListCreated included)
                waited = fenceWait(listId, fence, fenced.isEmpty() ? Boolean.FALSE : fenced.get().fenceReached(),
                        (System.nanoTime() - started) / 1_000_000);
                page = fenced.map(SyncHttp.FencedPage::page);
            } else {
                page = retry.call(attempt -> http.pull(listId, cursor, PAGE, 0));
            }
            if (page.isEmpty()) {
                return new Result(pulled, rejections, joined.orElse(0L), true, waited); // no log on the server yet
            }
            rejections.addAll(store(listId, page.get()));
            pulled += page.get().events().size();
            progress.progressed(page.get().next(), page.get().head());
            if (page.get().upToDate() || page.get().events().isEmpty()) {
                return new Result(pulled, rejections, joined.orElse(0L), false, waited);
            }
        }
    }

    private static FenceWait fenceWait(String listId, Fence fence, Boolean reached, long waitedMs) {
        FenceWait.Outcome outcome = reached == null ? FenceWait.Outcome.UNSUPPORTED
                : reached ? FenceWait.Outcome.REACHED : FenceWait.Outcome.NOT_REACHED;
        FenceWait waited = new FenceWait(listId, fence.fence(), outcome, waitedMs);
        if (outcome != FenceWait.Outcome.REACHED) {
            LOG.log(System.Logger.Level.INFO, "{0}", waited);
        }
        return waited;
    }

    /**
     * Applies entries of one list that the live stream delivered, in listVersion order, through the same store path
     * as a catch-up page: the entries at or below the cursor are skipped (the device has them: a reconnect, or a sync
     * that got there first), and a gap (an entry beyond cursor + 1) is filled by a catch-up read, which also brings
     * what the skipped part held.
     */
    Result applyStreamed(String listId, List<LogEntry> entries, Progress progress)
            throws ServerUnreachableException, InterruptedException {
        long[] gapAt = {0};
        Result applied = store.write(() -> {
            long expected = store.list(listId).orElseThrow().cursor() + 1;
            List<LogEntry> fresh = new ArrayList<>();
            for (LogEntry entry : entries) {
                if (entry.listVersion() < expected) {
                    continue;
                }
                if (entry.listVersion() > expected) {
                    gapAt[0] = expected;
                    break;
                }
                fresh.add(entry);
                expected++;
            }
            if (fresh.isEmpty()) {
                return new Result(0, List.of());
            }
            long last = fresh.getLast().listVersion();
            // the stream carries no clientSeqs: the page is never "up to date" for the renumbering's purpose
            return new Result(fresh.size(), store(listId, new CatchUpPage(listId, last, last, false, Map.of(), fresh)));
        });
        if (gapAt[0] == 0) {
            return applied;
        }
        LOG.log(System.Logger.Level.INFO, "list {0}: the stream skipped v{1}; catching up", listId,
                Long.toString(gapAt[0]));
        return applied.plus(pullAll(listId, progress));
    }

    /** One long-poll: waits up to {@code waitMs} for entries after the cursor and stores what comes. */
    Result pollOnce(String listId, long waitMs) throws ServerUnreachableException, InterruptedException {
        long cursor = store.list(listId).orElseThrow().cursor();
        Optional<CatchUpPage> page = http.pull(listId, cursor, PAGE, waitMs);
        if (page.isEmpty()) {
            return Result.MISSING;
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
}
