package io.offlinesync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The end-to-end sustained rate, on purpose past what the pipeline can take: {@code clients} devices push
 * batches of {@code batch} events to fresh lists as fast as they are answered for {@code seconds}, honouring
 * {@code Retry-After} on 503 and 429 (as the SDKs do) and resending the same batch. Meanwhile 10 probe lists
 * push one batch a second each and measure push-to-visible over a long-poll, and the pipeline's lag is
 * sampled. It starts once an earlier backlog has drained, and when the pushing stops, it waits until every
 * group has read to the end ({@link PipelineLag}).
 *
 * <p>The figure to beat is {@code e2e_events_per_s}: accepted events over the time from the first push until
 * all of them are sequenced, folded and indexed. Accepting faster than that only builds a backlog.
 */
final class SustainedBench {

    private static final int PROBES = 10;

    static void run(StackEndpoints stack, int clients, int batch, Duration duration, Duration drainTimeout)
            throws Exception {
        String run = "sus-" + System.currentTimeMillis();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused503 = new AtomicLong();
        AtomicLong refused429 = new AtomicLong();
        AtomicLong otherFailures = new AtomicLong();
        AtomicLong nextList = new AtomicLong();
        Latencies push = new Latencies();
        Latencies visible = new Latencies();
        AtomicLong probeTimeouts = new AtomicLong();
        try (PipelineLag lag = new PipelineLag(stack)) {
            // a backlog left by an earlier benchmark would be measured as ours: let it drain first
            if (!lag.awaitAtMost(0, drainTimeout)) {
                System.out.printf("sustained: the pipeline still had %d records to read before the run%n", lag.total());
            }
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long lagBefore = 0;
            List<Thread> threads = new ArrayList<>();
            List<Thread> probes = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String clientId = "dev-" + c;
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        String listId = run + "-" + nextList.getAndIncrement();
                        String body = TodoEvents.pushJson(clientId, TodoEvents.events(clientId, 1, batch, 0));
                        while (System.nanoTime() < end) { // the same batch until it is accepted
                            long t0 = System.nanoTime();
                            HttpResponse<Void> r = send(http, stack, listId, body, otherFailures);
                            if (r != null && r.statusCode() == 202) {
                                push.add(System.nanoTime() - t0);
                                accepted.addAndGet(batch);
                                break;
                            }
                            if (r != null && (r.statusCode() == 503 || r.statusCode() == 429)) {
                                (r.statusCode() == 503 ? refused503 : refused429).incrementAndGet();
                                long seconds = r.headers().firstValueAsLong("Retry-After").orElse(1);
                                LockSupport.parkNanos(Duration.ofSeconds(Math.max(1, seconds)).toNanos());
                            } else if (r != null) {
                                otherFailures.incrementAndGet();
                                break;
                            }
                        }
                    }
                }));
            }
            for (int p = 0; p < PROBES; p++) {
                String listId = run + "-probe-" + p;
                long offset = 1_000_000_000L * p / PROBES;
                probes.add(Thread.ofVirtual().start(() -> probe(http, stack, listId, start + offset, end, visible,
                        probeTimeouts)));
            }
            long maxLag = 0;
            long[] maxEach = new long[3]; // what the gateway's admission bounds: [0] the inbox, [2] the query-api's
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(1_000_000_000L);
                long[] each = lag.each();
                if (each != null) {
                    maxLag = Math.max(maxLag, each[0] + each[1] + each[2] - lagBefore);
                    for (int i = 0; i < each.length; i++) {
                        maxEach[i] = Math.max(maxEach[i], each[i]);
                    }
                }
            }
            for (Thread t : threads) {
                t.join();
            }
            double pushSeconds = (System.nanoTime() - start) / 1e9;
            long backlogAtStop = lag.total() - lagBefore;
            boolean drained = lag.awaitAtMost(lagBefore, drainTimeout);
            double e2eSeconds = (System.nanoTime() - start) / 1e9;
            for (Thread t : probes) {
                t.join(); // each waits at most 30 s for its last push to be visible
            }
            System.out.printf("RESULT sustained seconds=%.1f accepted_events=%d accepted_events_per_s=%.0f"
                            + " e2e_seconds=%.1f e2e_events_per_s=%.0f drained=%s backlog_at_stop=%d max_lag=%d"
                            + " max_lag_inbox=%d max_lag_query_api=%d max_lag_v1=%d"
                            + " refused_503=%d refused_429=%d other_failures=%d clients=%d batch=%d push_%s%n",
                    pushSeconds, accepted.get(), accepted.get() / pushSeconds, e2eSeconds,
                    accepted.get() / e2eSeconds, drained, backlogAtStop, maxLag, maxEach[0], maxEach[2], maxEach[1],
                    refused503.get(),
                    refused429.get(), otherFailures.get(), clients, batch, push.summary().replace(" ", " push_"));
            System.out.printf("RESULT sustained-visible probes=%d timeouts=%d %s%n", PROBES, probeTimeouts.get(),
                    visible.summary());
        }
    }

    private static HttpResponse<Void> send(HttpClient http, StackEndpoints stack, String listId, String body,
                                           AtomicLong failures) {
        try {
            return http.send(stack.signed(HttpRequest.newBuilder(URI.create(stack.gateway() + "/v1/lists/" + listId
                                    + "/events")).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body))).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            failures.incrementAndGet();
            LockSupport.parkNanos(100_000_000L);
            return null;
        }
    }

    /** One small batch a second to {@code listId}; the time from each 202 until a long-poll returns it. */
    private static void probe(HttpClient http, StackEndpoints stack, String listId, long first, long end,
                              Latencies visible, AtomicLong timeouts) {
        long seq = 1;
        for (long due = first; due < end; due += 1_000_000_000L) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String body = TodoEvents.pushJson("probe", TodoEvents.events("probe", seq, 1, 0));
            HttpResponse<Void> r = send(http, stack, listId, body, new AtomicLong());
            if (r == null || r.statusCode() != 202) {
                continue; // refused while the pipeline is behind: resent next second with the same clientSeq
            }
            long accepted = System.nanoTime();
            VisibleBench.awaitVisible(http, stack, listId, seq, accepted, visible, timeouts);
            seq++;
        }
    }
}
