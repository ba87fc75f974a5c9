package io.offlinesync.query.stream;

import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.HeadWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's live stream over many lists: for each list, the backlog after its cursor, then every entry as it
 * is indexed, in listVersion order with no gap and no duplicate.
 *
 * <p>Why nothing is lost: the stream subscribes to its lists' heads before it reads anything, and every advance
 * told after that marks the list to be read again; a list is read from its cursor, which moves only past entries
 * written to the connection. Why nothing is held: entries are read from the index when the connection can take
 * them, never queued, so a slow reader costs its socket buffers only, and one that takes nothing is cut by the
 * web server's write timeout. The stream blocks only its own (virtual) thread.
 */
public final class LiveStream {

    /** Why a stream ended, as counted by {@code sync.stream.closed}. */
    public enum End {
        CLIENT_GONE("client-gone"), SLOW_READER("slow-reader"), SHUTTING_DOWN("shutting-down"), NO_LISTS("no-lists"),
        TOKEN_EXPIRED("token-expired");

        private final String tag;

        End(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
    /** How often a list the caller may not read yet is looked at again, within its join wait. */
    private static final long PENDING_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How soon a list whose read failed (no copy answered) is read again. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private enum Phase { PENDING, OPEN, GONE }

    private static final class Cursor {
        long after;
        Phase phase = Phase.PENDING;
        long pendingUntil;
        long retryAt; // 0: no failed read waiting

        Cursor(long after) {
            this.after = after;
        }
    }

    private final Map<String, Cursor> lists = new LinkedHashMap<>();
    private final ListLog source;
    private final StreamAccess access;
    private final HeadWatch headWatch;
    private final StreamProperties settings;
    private final boolean recheck;
    private final StreamMeters meters;
    private final long expiresAt; // System.nanoTime() when the caller's token expires
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean released;

    /**
     * @param cursors each list and the last listVersion the device has, in the order asked
     * @param recheck    whether to read again, every {@code settings.recheck()}, the lists a standby copy answered
     *                   (several instances)
     * @param validUntil when the caller's token expires: the stream ends then ({@code token-expired}), as its
     *                   access is checked with that token; null: never
     */
    LiveStream(Map<String, Long> cursors, ListLog source, StreamAccess access, HeadWatch headWatch,
               StreamProperties settings, boolean recheck, StreamMeters meters, Instant validUntil) {
        cursors.forEach((listId, after) -> lists.put(listId, new Cursor(after)));
        this.source = source;
        this.access = access;
        this.headWatch = headWatch;
        this.settings = settings;
        this.recheck = recheck;
        this.meters = meters;
        long left = validUntil == null ? Long.MAX_VALUE / 4
                : Math.min(Long.MAX_VALUE / 4, Math.max(0, Duration.between(Instant.now(), validUntil).toNanos()));
        this.expiresAt = System.nanoTime() + left;
    }

    /** Streams to {@code out} until the client goes, the service shuts down, or no list is left; how it ended. */
    public End run(OutputStream out) throws InterruptedException {
        SseWriter sse = new SseWriter(out);
        HeadWatch.Listener listener = new HeadWatch.Listener() {
            @Override
            public void advanced(String listId, long head) {
                dirty.add(listId);
                signal.release();
            }

            @Override
            public void released() {
                released = true;
                signal.release();
            }
        };
        meters.opened();
        End end;
        try (HeadWatch.Subscription ignored = headWatch.subscribe(lists.keySet(), listener)) {
            end = stream(sse);
            if (end != End.CLIENT_GONE) {
                sse.closed(end.tag());
                sse.flush();
            }
        } catch (IOException e) {
            end = slowReader(e) ? End.SLOW_READER : End.CLIENT_GONE;
            if (end == End.SLOW_READER) {
                log.info("Stream over {} lists cut: the client took nothing for the write timeout "
                        + "(CONNECTION_TIMEOUT)", lists.size());
            }
        } finally {
            meters.closed();
        }
        meters.ended(end);
        return end;
    }

    private End stream(SseWriter sse) throws IOException, InterruptedException {
        sse.heartbeat(); // at once: the device learns that the stream is open, and that no proxy holds it back
        sse.flush();
        long now = System.nanoTime();
        for (Map.Entry<String, Cursor> e : lists.entrySet()) {
            e.getValue().pendingUntil = now + settings.joinWait().toNanos();
        }
        long lastWrite = now;
        long nextRecheck = now + settings.recheck().toNanos();
        while (true) {
            if (released) {
                return End.SHUTTING_DOWN;
            }
            now = System.nanoTime();
            if (now - expiresAt >= 0) {
                return End.TOKEN_EXPIRED;
            }
            boolean wrote = admitPending(sse, now);
            List<String> due = new ArrayList<>(dirty);
            dirty.removeAll(due);
            for (Map.Entry<String, Cursor> e : lists.entrySet()) {
                Cursor c = e.getValue();
                if (c.retryAt != 0 && now - c.retryAt >= 0 && !due.contains(e.getKey())) {
                    due.add(e.getKey());
                }
            }
            for (String listId : due) {
                wrote |= send(sse, listId);
            }
            if (wrote) {
                sse.flush();
                lastWrite = System.nanoTime();
            }
            if (lists.values().stream().allMatch(c -> c.phase == Phase.GONE)) {
                return End.NO_LISTS;
            }
            if (!dirty.isEmpty()) {
                continue; // a list has more than one page to send, or moved meanwhile
            }
            now = System.nanoTime();
            long wakeAt = earlier(lastWrite + settings.heartbeat().toNanos(), expiresAt);
            if (recheck) {
                wakeAt = earlier(wakeAt, nextRecheck);
            }
            for (Cursor c : lists.values()) {
                if (c.phase == Phase.PENDING) {
                    wakeAt = earlier(wakeAt, now + PENDING_NANOS);
                }
                if (c.retryAt != 0) {
                    wakeAt = earlier(wakeAt, c.retryAt);
                }
            }
            if (wakeAt - now > 0 && signal.tryAcquire(wakeAt - now, TimeUnit.NANOSECONDS)) {
                signal.drainPermits();
            }
            now = System.nanoTime();
            if (recheck && now - nextRecheck >= 0) {
                lists.forEach((listId, c) -> {
                    if (c.phase == Phase.OPEN && source.readFromStandby(listId)) {
                        dirty.add(listId);
                    }
                });
                nextRecheck = now + settings.recheck().toNanos();
            }
            if (dirty.isEmpty() && now - (lastWrite + settings.heartbeat().toNanos()) >= 0 && !released) {
                sse.heartbeat();
                sse.flush();
                lastWrite = now;
            }
        }
    }

    private static long earlier(long a, long b) {
        return b - a < 0 ? b : a;
    }

    /** Opens the lists the caller may read now; answers {@code removed} for those whose join wait is up. */
    private boolean admitPending(SseWriter sse, long now) throws IOException {
        boolean wrote = false;
        for (Map.Entry<String, Cursor> e : lists.entrySet()) {
            Cursor c = e.getValue();
            if (c.phase != Phase.PENDING) {
                continue;
            }
            if (access.mayRead(e.getKey())) {
                c.phase = Phase.OPEN;
                dirty.add(e.getKey());
            } else if (now - c.pendingUntil >= 0) {
                c.phase = Phase.GONE;
                sse.removed(e.getKey());
                wrote = true;
            }
        }
        return wrote;
    }

    /** Sends one page of the list after its cursor; whether anything was written. */
    private boolean send(SseWriter sse, String listId) throws IOException, InterruptedException {
        Cursor c = lists.get(listId);
        if (c == null || c.phase != Phase.OPEN) {
            return false;
        }
        if (!access.mayRead(listId)) {
            return gone(sse, listId, c);
        }
        Optional<CatchUpQuery.Page> page;
        try {
            page = source.pageAfter(listId, c.after, settings.pageEntries());
            c.retryAt = 0;
        } catch (ListLog.Unavailable e) {
            if (c.retryAt == 0) {
                log.debug("Stream read of list {} failed, reading it again shortly: {}", listId, e.getMessage());
            }
            c.retryAt = System.nanoTime() + RETRY_NANOS;
            return false;
        }
        if (page.isEmpty()) {
            return false; // no log yet: its first entry will be told
        }
        boolean wrote = false;
        for (byte[] entry : page.get().events()) {
            long version = EntryVersion.of(entry);
            if (version <= c.after) {
                continue; // already sent (a page read from a copy that was behind, then the owner's)
            }
            if (version != c.after + 1) {
                // never from a dense index; should a copy have a hole, read again rather than skip past it
                log.warn("Stream read of list {} found listVersion {} after {}: reading again", listId, version, c.after);
                c.retryAt = System.nanoTime() + RETRY_NANOS;
                return wrote;
            }
            if (access.removesCaller(entry)) {
                return gone(sse, listId, c) || wrote;
            }
            sse.entry(listId, version, entry);
            c.after = version;
            meters.sent();
            wrote = true;
        }
        if (!page.get().upToDate()) {
            dirty.add(listId);
        }
        return wrote;
    }

    private static boolean gone(SseWriter sse, String listId, Cursor c) throws IOException {
        c.phase = Phase.GONE;
        sse.removed(listId);
        return true;
    }

    /** A write that timed out: the client took nothing for the web server's write timeout. */
    private static boolean slowReader(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
