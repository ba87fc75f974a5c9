package io.offlinesync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Push-to-visible at a steady rate: {@code rate} events/s in batches of {@code batch}, spread over lists
 * that each push one batch per second (one writer per list, so listVersion = clientSeq). After each 202 a
 * long-poll {@code GET /v1/lists/{id}/events?after=<last-1>} waits for the batch's last event; the time
 * from the 202 to that answer is the latency. {@link LogArrivals} splits it where the entry became readable in the
 * log: the sequencer's part (202 to committed) and the query-api's (committed to answered), printed as
 * {@code RESULT visible-stages}, with the mean of each part over the slowest 1% of pushes (what makes the tail).
 */
final class VisibleBench {

    static void run(StackEndpoints stack, int rate, int batch, Duration duration, Duration warmup) throws Exception {
        String run = "vis-" + System.currentTimeMillis();
        int lists = Math.max(1, rate / batch);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Latencies latencies = new Latencies();
        AtomicLong failures = new AtomicLong();
        Queue<Sample> samples = new ConcurrentLinkedQueue<>();
        LogArrivals arrivals = new LogArrivals(stack);
        PacedPushes load = new PacedPushes();
        load.run(lists, batch, 1, warmup, duration, (list, from, count) -> {
            String body = TodoEvents.pushJson("dev", TodoEvents.events("dev", from, count, 100));
            HttpResponse<Void> r = http.send(stack.signed(HttpRequest.newBuilder(URI.create(stack.gateway() + "/v1/lists/" + run + "-" + list + "/events"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))).build(),
                    HttpResponse.BodyHandlers.discarding());
            long accepted = System.nanoTime();
            return r.statusCode() == 202 ? accepted : 0;
        }, (list, last, accepted, measured) -> {
            if (measured) {
                Thread.ofVirtual().start(() -> {
                    long acceptedAt = System.currentTimeMillis() - (System.nanoTime() - accepted) / 1_000_000;
                    long answered = awaitVisible(http, stack, run + "-" + list, last, accepted, latencies, failures);
                    if (answered != 0) {
                        samples.add(new Sample(run + "-" + list, list, last, accepted, answered, acceptedAt));
                    }
                });
            }
        });
        Thread.sleep(3000); // let the last long-polls answer before reading the figures
        double seconds = (duration.toNanos() + warmup.toNanos()) / 1e9;
        System.out.printf("RESULT visible target_rate=%d achieved_events_per_s=%.0f lists=%d batch=%d late=%d failures=%d %s%n",
                rate, load.pushed.get() / seconds, lists, batch, load.late.get(), load.failures.get() + failures.get(),
                latencies.summary());
        arrivals.close();
        System.out.println(stages(samples, arrivals));
    }

    /**
     * One measured push: its list (id and number), the version awaited, the System.nanoTime() of its 202 and of its
     * answer, and the wall-clock time of its 202 (to line the slowest up with a profile's events).
     */
    record Sample(String listId, int list, long version, long accepted, long answered, long acceptedAtMs) {

        long total() {
            return answered - accepted;
        }
    }

    /** A push's time split where its entry became readable in the log (nanoseconds). */
    record Split(Sample push, long sequencer, long queryApi) {}

    /** The RESULT visible-stages line: each part's percentiles and its mean over the slowest 1% of pushes. */
    static String stages(Collection<Sample> samples, LogArrivals arrivals) {
        Latencies sequencer = new Latencies();
        Latencies queryApi = new Latencies();
        List<Split> splits = new ArrayList<>();
        for (Sample s : samples) {
            long committed = arrivals.readableAt(s.listId(), s.version());
            if (committed > 0) {
                Split split = new Split(s, Math.max(0, committed - s.accepted()), Math.max(0, s.answered() - committed));
                sequencer.add(split.sequencer());
                queryApi.add(split.queryApi());
                splits.add(split);
            }
        }
        splits.sort(Comparator.comparingLong((Split split) -> split.push().total()).reversed());
        List<Split> tail = splits.subList(0, Math.min(splits.size(), Math.max(1, splits.size() / 100)));
        double tailSeq = tail.stream().mapToLong(Split::sequencer).average().orElse(Double.NaN) / 1e6;
        double tailQuery = tail.stream().mapToLong(Split::queryApi).average().orElse(Double.NaN) / 1e6;
        StringBuilder slowest = new StringBuilder();
        for (Split split : tail) {
            slowest.append(String.format("slowest accepted_at=%s list=%d total_ms=%.1f sequencer_ms=%.1f query_api_ms=%.1f%n",
                    Instant.ofEpochMilli(split.push().acceptedAtMs()), split.push().list(), split.push().total() / 1e6,
                    split.sequencer() / 1e6, split.queryApi() / 1e6));
        }
        return slowest + String.format("RESULT visible-stages sequencer_p50_ms=%.2f sequencer_p99_ms=%.2f query_api_p50_ms=%.2f "
                        + "query_api_p99_ms=%.2f slowest_1pct_sequencer_mean_ms=%.2f slowest_1pct_query_api_mean_ms=%.2f "
                        + "split=%d of %d",
                sequencer.percentileMs(50), sequencer.percentileMs(99), queryApi.percentileMs(50),
                queryApi.percentileMs(99), tailSeq, tailQuery, splits.size(), samples.size());
    }

    /**
     * Long-polls until {@code listId}'s entry {@code version} is served and records the time since {@code accepted}
     * (System.nanoTime() of its 202); after 30 s it counts a failure instead.
     *
     * @return the System.nanoTime() of the answer, or 0 if it failed
     */
    static long awaitVisible(HttpClient http, StackEndpoints stack, String listId, long version, long accepted,
                             Latencies latencies, AtomicLong failures) {
        try {
            URI uri = URI.create(stack.queryApi() + "/v1/lists/" + listId + "/events?after=" + (version - 1) + "&limit=1&waitMs=10000");
            while (true) {
                HttpResponse<String> r = http.send(stack.signed(HttpRequest.newBuilder(uri)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && CatchupBench.count(r.body()) > 0) {
                    long answered = System.nanoTime();
                    latencies.add(answered - accepted);
                    return answered;
                }
                if (System.nanoTime() - accepted > 30_000_000_000L) {
                    failures.incrementAndGet();
                    return 0;
                }
                if (r.statusCode() == 429) {
                    // past the user's cap of long-polls: wait as a device does (asking again at once only added load)
                    LockSupport.parkNanos(Duration.ofSeconds(r.headers().firstValueAsLong("Retry-After").orElse(1)).toNanos());
                }
                // 404 until the list's first entry is indexed: ask again at once, the answer is the measurement
            }
        } catch (Exception e) {
            failures.incrementAndGet();
            return 0;
        }
    }
}
