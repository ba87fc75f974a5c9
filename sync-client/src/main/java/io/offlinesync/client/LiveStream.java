package io.offlinesync.client;

import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.http.ServerSentEvent;
import io.offlinesync.client.http.ServerJson;
import io.offlinesync.client.http.ServerSentEvents;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.StreamOpening;
import io.offlinesync.client.http.StreamWatchdog;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.protocol.LogEntryJson;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * The one live stream of a {@link SyncClient} ({@code GET /v1/stream}, protocol v1.1), on one platform thread: opens
 * it for the lists {@link Watches} gives it, each from the device's cursor, applies the entries it sends the way
 * catch-up pages are applied, and reopens it from the cursors when the watched lists change, when the server closes
 * it ({@code closed}: at once, after a short random pause) or when it ends or falls silent (with backoff). When no
 * stream can be had (a 404 or another 4xx, a body that is not an event stream, no first bytes in time) it tells
 * {@link Watches} to long-poll instead.
 */
final class LiveStream extends WatchThread {

    private static final System.Logger LOG = System.getLogger(LiveStream.class.getName());
    /** The most a server's Retry-After makes the stream wait. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
    /** After {@code closed}, devices spread their reconnects over this much time (the instance is going away). */
    private static final long CLOSED_SPREAD_MS = 1000;
    /** Entries applied in one store transaction at most (like a catch-up page). */
    private static final int BATCH = Puller.PAGE;

    /** How one connection ended. */
    private enum Ending { RETARGETED, CLOSED_BY_SERVER, ENDED, SILENT, NO_FIRST_BYTES, MALFORMED }

    private record Outcome(Ending ending, boolean delivered, String detail) {}

    private final SyncRounds sync;
    private final Watches watches;
    private final WatchSettings settings;
    private final StreamWatchdog watchdog = new StreamWatchdog();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile InputStream current;

    LiveStream(SyncRounds sync, Watches watches, WatchSettings settings) {
        super("sync-stream", settings.reconnect());
        this.sync = sync;
        this.watches = watches;
        this.settings = settings;
    }

    int opened() {
        return opened.get();
    }

    /** The lists to carry changed: drop the connection, so that the loop reopens it for the new ones. */
    void retarget() {
        closeQuietly(current);
    }

    @Override
    protected void run() {
        int failures = 0;
        while (running) {
            Watches.Target target;
            try {
                target = watches.awaitTarget();
            } catch (InterruptedException e) {
                return;
            }
            if (target == null) {
                return;
            }
            Duration pause = null;
            try {
                Map<String, Long> cursors = new LinkedHashMap<>();
                target.lists().forEach(l -> cursors.put(l, sync.cursor(l)));
                long asked = System.nanoTime();
                StreamOpening opening = sync.http().openStream(cursors, settings.firstBytes());
                switch (opening) {
                    case StreamOpening.Opened o -> {
                        Outcome outcome = read(o.body(), target, asked);
                        if (outcome.delivered()) {
                            failures = 0; // a stream that worked and then ended: the first retry comes soon
                        }
                        pause = after(outcome, ++failures);
                    }
                    case StreamOpening.Unavailable u -> watches.fallBack(u.reason());
                    case StreamOpening.RetryLater later -> {
                        failures++;
                        pause = later.retryAfter() != null ? min(later.retryAfter(), MAX_RETRY_AFTER) : backoff(failures);
                        sync.recordError("watch: the live stream answered " + later.status() + "; trying again in "
                                + pause.toMillis() + " ms");
                    }
                }
            } catch (ServerUnreachableException | NotSignedInException e) {
                sync.recordError(e.getMessage());
                pause = backoff(++failures);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // the store was closed under us
                }
                sync.recordError("watch: " + e);
                pause = backoff(++failures);
            }
            if (pause != null) {
                try {
                    watches.awaitChange(target.generation(), pause);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** What to do after a connection ended: the pause before the next one (null: none), or a fallback. */
    private Duration after(Outcome outcome, int failures) {
        return switch (outcome.ending()) {
            case RETARGETED -> null;
            case CLOSED_BY_SERVER -> {
                LOG.log(System.Logger.Level.INFO, "watch: the server closed the stream ({0}); reconnecting",
                        outcome.detail());
                yield Duration.ofMillis(ThreadLocalRandom.current().nextLong(CLOSED_SPREAD_MS + 1));
            }
            case NO_FIRST_BYTES -> {
                watches.fallBack("no bytes within " + settings.firstBytes().toMillis()
                        + " ms of asking for the stream (a proxy in between that buffers?)");
                yield null;
            }
            case ENDED, SILENT -> {
                LOG.log(System.Logger.Level.INFO, "watch: the stream {0}; reconnecting from the cursors",
                        outcome.ending() == Ending.SILENT ? "went silent for " + settings.silence().toSeconds() + " s"
                                : "ended (" + outcome.detail() + ")");
                yield backoff(failures);
            }
            case MALFORMED -> {
                sync.recordError("watch: the stream sent " + outcome.detail() + "; reconnecting");
                yield backoff(failures);
            }
        };
    }

    /** Reads one connection until it ends, applying what it delivers. */
    private Outcome read(InputStream body, Watches.Target target, long asked)
            throws ServerUnreachableException, InterruptedException {
        StreamWatchdog.Guarded guarded = watchdog.guard(body, asked + settings.firstBytes().toNanos(), settings.silence());
        current = guarded;
        if (!running || watches.generation() != target.generation()) {
            closeQuietly(guarded); // retargeted while it was being opened
        }
        Set<String> lists = new LinkedHashSet<>(target.lists());
        Map<String, List<LogEntry>> batch = new LinkedHashMap<>();
        boolean delivered = false;
        try (ServerSentEvents events = new ServerSentEvents(guarded)) {
            while (true) {
                ServerSentEvent event = events.next();
                if (event == null) {
                    apply(batch);
                    return ending(guarded, target, delivered, "end of stream");
                }
                if (!delivered) {
                    delivered = true;
                    opened.incrementAndGet();
                    watches.streamOpened();
                    LOG.log(System.Logger.Level.DEBUG, "watch: streaming {0}", lists);
                }
                switch (event.event()) {
                    case "entry" -> {
                        JsonNode data = parse(event.data());
                        String listId = data.path("listId").asString(listIdOf(event.id()));
                        if (lists.contains(listId)) {
                            batch.computeIfAbsent(listId, k -> new ArrayList<>()).add(entry(data));
                        }
                        if (batch.values().stream().mapToInt(List::size).sum() >= BATCH || !events.ready()) {
                            apply(batch); // what has arrived in one go is applied in one transaction per list
                        }
                    }
                    case "removed" -> {
                        apply(batch);
                        String listId = parse(event.data()).path("listId").asString("");
                        if (lists.remove(listId)) {
                            watches.serverEnded(listId, "the server removed it from the stream: this user may no "
                                    + "longer read it, or it no longer exists");
                        }
                    }
                    case "closed" -> {
                        apply(batch);
                        return new Outcome(Ending.CLOSED_BY_SERVER, true,
                                parse(event.data()).path("reason").asString("no reason given"));
                    }
                    default -> apply(batch); // heartbeat, and events of later protocol versions: nothing to do
                }
            }
        } catch (IOException e) {
            apply(batch);
            return ending(guarded, target, delivered, e.getMessage());
        } catch (MalformedEvent e) {
            return new Outcome(Ending.MALFORMED, delivered, e.getMessage());
        } finally {
            current = null;
            closeQuietly(guarded);
        }
    }

    private Outcome ending(StreamWatchdog.Guarded guarded, Watches.Target target, boolean delivered, String detail) {
        if (!running || watches.generation() != target.generation()) {
            return new Outcome(Ending.RETARGETED, delivered, detail);
        }
        if (guarded.expired() == StreamWatchdog.Expiry.NO_FIRST_BYTES) {
            return new Outcome(Ending.NO_FIRST_BYTES, false, detail);
        }
        return new Outcome(guarded.expired() == StreamWatchdog.Expiry.SILENT ? Ending.SILENT : Ending.ENDED,
                delivered, detail);
    }

    private void apply(Map<String, List<LogEntry>> batch) throws ServerUnreachableException, InterruptedException {
        for (Map.Entry<String, List<LogEntry>> e : batch.entrySet()) {
            if (watches.isWatched(e.getKey())) {
                Puller.Result applied = sync.applyStreamed(e.getKey(), e.getValue());
                if (!applied.rejections().isEmpty()) {
                    watches.wakePushes(); // a gap or seq-reused rejection asks for a resend
                }
            }
        }
        batch.clear();
    }

    /** An event whose data this SDK cannot read (not JSON, or an entry of a kind it does not know). */
    private static final class MalformedEvent extends RuntimeException {
        MalformedEvent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static JsonNode parse(String data) {
        try {
            return ServerJson.MAPPER.readTree(data);
        } catch (RuntimeException e) {
            throw new MalformedEvent("an event whose data is not JSON", e);
        }
    }

    private static LogEntry entry(JsonNode data) {
        try {
            return LogEntryJson.read(data);
        } catch (RuntimeException e) {
            throw new MalformedEvent("an entry it cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** {@code <listId>:<listVersion>} -> listId (the entry's data names it too; this is for a server that does not). */
    private static String listIdOf(String id) {
        return id == null || id.lastIndexOf(':') < 0 ? "" : id.substring(0, id.lastIndexOf(':'));
    }

    private Duration backoff(int failures) {
        return settings.reconnect().delay(Math.min(failures, 6), null);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
    }

    @Override
    void stop() {
        super.stop();
        closeQuietly(current);
    }

    @Override
    void join() {
        super.join();
        watchdog.close();
    }
}
