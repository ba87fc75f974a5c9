package io.offlinesync.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lists a {@link SyncClient} watches, and which way each is watched: the one {@link LiveStream} carries every
 * watched list the server has a log of for the device (up to the protocol's 100 per stream); a {@link LongPollLoop}
 * each carries the others (a list not on the server yet, the lists beyond 100) and, after the stream could not be
 * had, all of them until the stream is tried again. Whenever that split changes the stream is reopened with the
 * current cursors. One {@link PushLoop} pushes the pending edits of every watched list.
 */
final class Watches implements AutoCloseable {

    /** The live stream's bound on lists (protocol v1.1). */
    static final int MAX_STREAM_LISTS = 100;
    private static final System.Logger LOG = System.getLogger(Watches.class.getName());

    /** What the stream is to carry, and the generation of that choice (a newer one means: reopen). */
    record Target(List<String> lists, long generation) {}

    private final SyncRounds sync;
    private final WatchSettings settings;
    private final Map<String, List<ListWatch>> handles = new LinkedHashMap<>();
    private final Map<String, LongPollLoop> polls = new HashMap<>();
    private final LiveStream stream;
    private final PushLoop pushes;
    private List<String> streamed = List.of();
    private long generation;
    private String fallbackReason;
    private long fallbackUntil;
    private boolean closed;

    Watches(SyncRounds sync, WatchSettings settings) {
        this.sync = sync;
        this.settings = settings;
        this.stream = new LiveStream(sync, this, settings);
        this.pushes = new PushLoop(sync, this, settings.reconnect());
    }

    void start() {
        stream.start();
        pushes.start();
    }

    synchronized List<ListWatch> add(Collection<String> listIds) {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        List<ListWatch> added = new ArrayList<>();
        for (String listId : listIds) {
            ListWatch watch = new ListWatch(this, listId);
            handles.computeIfAbsent(listId, k -> new ArrayList<>()).add(watch);
            added.add(watch);
        }
        reconcile();
        pushes.wake();
        return added;
    }

    synchronized void remove(ListWatch watch) {
        List<ListWatch> of = handles.get(watch.listId());
        if (of != null && of.remove(watch) && of.isEmpty()) {
            handles.remove(watch.listId());
            reconcile();
        }
    }

    /**
     * The server says the device may no longer read the list (the stream's {@code removed}, a long-poll's 404): its
     * watches end and are reported. The stream sends nothing more of it, so it is not reopened for that.
     */
    void serverEnded(String listId, String reason) {
        List<ListWatch> ended;
        synchronized (this) {
            ended = handles.remove(listId);
            if (ended == null) {
                return;
            }
            ended.forEach(w -> w.end(reason));
            streamed = streamed.stream().filter(l -> !l.equals(listId)).toList();
            reconcile();
        }
        LOG.log(System.Logger.Level.INFO, "watch of {0} ended: {1}", listId, reason);
        sync.watchEnded(listId, reason);
    }

    /** The stream cannot be had: long-poll every list, and try the stream again after a while. */
    void fallBack(String reason) {
        LOG.log(System.Logger.Level.INFO, "watch: the live stream is not available ({0}); long-polling each list, "
                + "trying the stream again in {1} s", reason, Long.toString(settings.retryStreamAfter().toSeconds()));
        sync.recordError("watch: the live stream is not available (" + reason + "); long-polling instead");
        synchronized (this) {
            fallbackReason = reason;
            fallbackUntil = System.nanoTime() + settings.retryStreamAfter().toNanos();
            reconcile();
            notifyAll();
        }
    }

    synchronized boolean isWatched(String listId) {
        return handles.containsKey(listId);
    }

    synchronized List<String> watched() {
        return List.copyOf(handles.keySet());
    }

    synchronized long generation() {
        return generation;
    }

    synchronized WatchStatus status() {
        List<String> polled = handles.keySet().stream().filter(l -> !streamed.contains(l)).toList();
        return new WatchStatus(streamed, polled, fallbackReason, stream.opened());
    }

    void edited(String listId) {
        if (isWatched(listId)) {
            pushes.wake();
        }
    }

    void wakePushes() {
        pushes.wake();
    }

    /**
     * Blocks until the stream has lists to carry (or the fallback's time is up, and it is to be tried again);
     * null once closed.
     */
    synchronized Target awaitTarget() throws InterruptedException {
        while (!closed) {
            if (fallbackReason != null && System.nanoTime() - fallbackUntil >= 0) {
                fallbackReason = null; // time to try the stream again
                reconcile();
            }
            if (!streamed.isEmpty()) {
                return new Target(streamed, generation);
            }
            if (fallbackReason != null) {
                Duration left = Duration.ofNanos(fallbackUntil - System.nanoTime());
                wait(Math.max(1, left.toMillis()));
            } else {
                wait();
            }
        }
        return null;
    }

    /** Waits up to {@code pause}, less if the stream's target changes from {@code seen} or the watches close. */
    synchronized void awaitChange(long seen, Duration pause) throws InterruptedException {
        long until = System.nanoTime() + pause.toNanos();
        while (!closed && generation == seen && until - System.nanoTime() > 0) {
            wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
        }
    }

    /**
     * Splits the watched lists between the stream and long-polls again, starting and stopping long-polls, and has the
     * stream reopened when what it carries changes. Reads each list's cursor: only a list with a log here is streamed
     * (the others start with the catch-up or snapshot join a long-poll loop does).
     */
    synchronized void reconcile() {
        List<String> wanted = new ArrayList<>();
        if (!closed && settings.stream() && fallbackReason == null) {
            for (String listId : handles.keySet()) {
                if (wanted.size() < MAX_STREAM_LISTS && sync.cursor(listId) > 0) {
                    wanted.add(listId);
                }
            }
        }
        for (String listId : handles.keySet()) {
            if (!closed && !wanted.contains(listId) && !polls.containsKey(listId)) {
                LongPollLoop loop = new LongPollLoop(sync, this, listId, settings.reconnect());
                polls.put(listId, loop);
                loop.start();
            }
        }
        polls.entrySet().removeIf(e -> {
            boolean stop = closed || wanted.contains(e.getKey()) || !handles.containsKey(e.getKey());
            if (stop) {
                e.getValue().stop();
            }
            return stop;
        });
        if (!wanted.equals(streamed)) {
            streamed = List.copyOf(wanted);
            generation++;
            stream.retarget();
            notifyAll();
        }
    }

    /** A stream delivered: the fallback, if any, is over. */
    synchronized void streamOpened() {
        fallbackReason = null;
    }

    @Override
    public void close() {
        List<LongPollLoop> loops;
        synchronized (this) {
            closed = true;
            loops = new ArrayList<>(polls.values());
            polls.clear();
            handles.clear();
            streamed = List.of();
            generation++;
            notifyAll();
        }
        stream.stop();
        pushes.stop();
        loops.forEach(LongPollLoop::stop);
        stream.join();
        pushes.join();
        loops.forEach(LongPollLoop::join);
    }
}
