package io.offlinesync.query.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.HeadWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A stream's loop on its own: what it does when no copy of a list answers for a while, and on shutdown. */
class LiveStreamRunTest {

    private static final StreamProperties SETTINGS = new StreamProperties(16, 100, Duration.ofSeconds(15),
            Duration.ofMillis(100), Duration.ofSeconds(5), 500);

    /**
     * A list's log in memory; {@code down} makes every read fail as when the list's owner is gone, {@code standby}
     * says a standby copy answered; {@code reads} counts the reads.
     */
    private static final class Log implements ListLog {
        final List<byte[]> entries = new ArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicBoolean standby = new AtomicBoolean();
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public boolean readFromStandby(String listId) {
            return standby.get();
        }

        synchronized void append() {
            entries.add(("{\"listVersion\":" + (entries.size() + 1) + ",\"type\":\"ItemAdded\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public synchronized Optional<CatchUpQuery.Page> pageAfter(String listId, long after, int limit) {
            reads.incrementAndGet();
            if (down.get()) {
                throw new Unavailable("owner gone");
            }
            List<byte[]> page = entries.subList((int) after, Math.min(entries.size(), (int) after + limit));
            return Optional.of(new CatchUpQuery.Page(listId, entries.size(), after + page.size(),
                    after + page.size() == entries.size(), Map.of(), List.copyOf(page)));
        }
    }

    private static final StreamAccess EVERYONE = new StreamAccess() {
        @Override
        public boolean mayRead(String listId) {
            return true;
        }

        @Override
        public boolean removesCaller(byte[] entryJson) {
            return false;
        }
    };

    /** The output so far, safe to read while the stream writes. */
    /** One stream allowed in all (the limits are not what these tests are about). */
    private static LiveStreams streams(HeadWatch heads, StreamProperties settings, boolean scaledOut) {
        return new LiveStreams(heads, settings, scaledOut,
                new io.offlinesync.query.catchup.LongPollLimits(io.offlinesync.query.catchup.LongPollLimits.STREAMS,
                        1, 1, new SimpleMeterRegistry()), new StreamMeters(new SimpleMeterRegistry()));
    }

    /** Runs a stream of list g from its start on a virtual thread, as a request would. */
    private static CompletableFuture<LiveStream.End> runInBackground(LiveStreams streams, ListLog log, ByteArrayOutputStream out) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return streams.run(Map.of("g", 0L), log, EVERYONE, null, out);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aListNoCopyAnswersForIsReadAgainUntilOneDoesWithNothingLostAndShutdownEndsTheStreamSayingWhy()
            throws Exception {
        HeadWatch heads = new HeadWatch();
        Log log = new Log();
        log.append();
        log.down.set(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LiveStreams streams = streams(heads, SETTINGS, false);
        CompletableFuture<LiveStream.End> end = runInBackground(streams, log, out);

        await().atMost(Duration.ofSeconds(5)).until(() -> streams.open() == 1);
        log.append(); // told while the list cannot be read: its read is retried, not dropped
        heads.advanced("g", 2);
        assertThat(text(out)).doesNotContain("event: entry");
        log.down.set(false); // the owner is back (no advance told): the retry reads both entries
        await().atMost(Duration.ofSeconds(5)).until(() -> text(out).contains("id: g:2"));
        assertThat(text(out)).containsOnlyOnce("id: g:1\n").containsOnlyOnce("id: g:2\n");

        heads.releaseAll();
        assertThat(end.get(5, TimeUnit.SECONDS)).isEqualTo(LiveStream.End.SHUTTING_DOWN);
        assertThat(text(out)).endsWith("event: closed\ndata: {\"reason\":\"shutting-down\"}\n\n");
        assertThat(streams.open()).isZero();
    }

    @Test
    void aStreamEndsWhenTheCallersTokenExpiresSayingWhy() throws Exception {
        Log log = new Log();
        log.append();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LiveStreams streams = streams(new HeadWatch(), SETTINGS, false);
        long start = System.nanoTime();
        LiveStream.End end = streams.run(Map.of("g", 0L), log, EVERYONE, java.time.Instant.now().plusMillis(300), out);
        assertThat(end).isEqualTo(LiveStream.End.TOKEN_EXPIRED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(text(out)).contains("id: g:1\n").endsWith("event: closed\ndata: {\"reason\":\"token-expired\"}\n\n");
    }

    @Test
    void withSeveralInstancesOnlyListsAStandbyAnsweredAreReadAgainUntold() throws Exception {
        Log log = new Log();
        log.append();
        StreamProperties recheckOften = new StreamProperties(16, 100, Duration.ofSeconds(15), Duration.ofMillis(100),
                Duration.ofMillis(50), 500);
        HeadWatch heads = new HeadWatch();
        LiveStreams streams = streams(heads, recheckOften, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<LiveStream.End> end = runInBackground(streams, log, out);
        await().atMost(Duration.ofSeconds(5)).until(() -> text(out).contains("id: g:1"));
        // an active store answered: its advances are told, an idle list is not read again (10 rechecks' time)
        int reads = log.reads.get();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> log.reads.get() == reads);
        // a standby answers: it moves without telling, so the list is read again every recheck
        log.standby.set(true);
        log.append(); // not told
        await().atMost(Duration.ofSeconds(5)).until(() -> text(out).contains("id: g:2"));
        heads.releaseAll();
        assertThat(end.get(5, TimeUnit.SECONDS)).isEqualTo(LiveStream.End.SHUTTING_DOWN);
    }
}
