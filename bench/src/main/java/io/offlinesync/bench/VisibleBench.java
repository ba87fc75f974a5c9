package io.offlinesync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Push-to-visible at a steady rate: {@code rate} events/s in batches of {@code batch}, spread over lists
 * that each push one batch per second (one writer per list, so listVersion = clientSeq). After each 202 a
 * long-poll {@code GET /v1/lists/{id}/events?after=<last-1>} waits for the batch's last event; the time
 * from the 202 to that answer is the latency.
 */
final class VisibleBench {

    static void run(StackEndpoints stack, int rate, int batch, Duration duration, Duration warmup) throws Exception {
        String run = "vis-" + System.currentTimeMillis();
        int lists = Math.max(1, rate / batch);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Latencies latencies = new Latencies();
        AtomicLong failures = new AtomicLong();
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
                Thread.ofVirtual().start(() -> awaitVisible(http, stack, run + "-" + list, last, accepted, latencies, failures));
            }
        });
        Thread.sleep(3000); // let the last long-polls answer before reading the figures
        double seconds = (duration.toNanos() + warmup.toNanos()) / 1e9;
        System.out.printf("RESULT visible target_rate=%d achieved_events_per_s=%.0f lists=%d batch=%d late=%d failures=%d %s%n",
                rate, load.pushed.get() / seconds, lists, batch, load.late.get(), load.failures.get() + failures.get(),
                latencies.summary());
    }

    /**
     * Long-polls until {@code listId}'s entry {@code version} is served and records the time since {@code accepted}
     * (System.nanoTime() of its 202); after 30 s it counts a failure instead.
     */
    static void awaitVisible(HttpClient http, StackEndpoints stack, String listId, long version, long accepted,
                             Latencies latencies, AtomicLong failures) {
        try {
            URI uri = URI.create(stack.queryApi() + "/v1/lists/" + listId + "/events?after=" + (version - 1) + "&limit=1&waitMs=10000");
            while (true) {
                HttpResponse<String> r = http.send(stack.signed(HttpRequest.newBuilder(uri)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && CatchupBench.count(r.body()) > 0) {
                    latencies.add(System.nanoTime() - accepted);
                    return;
                }
                if (System.nanoTime() - accepted > 30_000_000_000L) {
                    failures.incrementAndGet();
                    return;
                }
                if (r.statusCode() == 429) {
                    // past the user's cap of long-polls: wait as a device does (asking again at once only added load)
                    LockSupport.parkNanos(Duration.ofSeconds(r.headers().firstValueAsLong("Retry-After").orElse(1)).toNanos());
                }
                // 404 until the list's first entry is indexed: ask again at once, the answer is the measurement
            }
        } catch (Exception e) {
            failures.incrementAndGet();
        }
    }
}
