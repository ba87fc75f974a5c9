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

/**
 * {@code clients} concurrent devices on virtual threads, each pushing batches of {@code batch} events
 * through the gateway as fast as the answers come; each batch creates a new list, so every event is
 * accepted by the sequencer. Prints events/s of 202-answered batches and the request latency.
 */
final class IngestLoad {

    static void run(StackEndpoints stack, long events, int clients, int batch, long warmupBatches) throws Exception {
        run(stack, events, clients, batch, warmupBatches, false);
    }

    /**
     * @param open without the access token ({@code X-Bench-Open}: a stack started by {@code bench/run.sh auth});
     *             the RESULT line is then {@code ingest-open}
     */
    static double run(StackEndpoints stack, long events, int clients, int batch, long warmupBatches, boolean open)
            throws Exception {
        String run = "ing-" + System.currentTimeMillis();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
        long batches = events / batch;
        AtomicLong next = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        Latencies latencies = new Latencies();
        long[] startNanos = {0};
        Runnable client = () -> {
            long b;
            while ((b = next.getAndIncrement()) < batches + warmupBatches) {
                if (b == warmupBatches) {
                    startNanos[0] = System.nanoTime();
                }
                String clientId = "dev-" + (b % clients);
                String body = TodoEvents.pushJson(clientId, TodoEvents.events(clientId, 1, batch, 0));
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stack.gateway() + "/v1/lists/" + run + "-"
                                + b + "/events"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                HttpRequest request = (open ? StackEndpoints.open(builder) : stack.signed(builder)).build();
                long t0 = System.nanoTime();
                try {
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 202) {
                        failures.incrementAndGet();
                    } else if (b >= warmupBatches) {
                        latencies.add(System.nanoTime() - t0);
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        };
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofVirtual().start(client));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - startNanos[0]) / 1e9;
        long accepted = (long) latencies.count() * batch;
        System.out.printf("RESULT " + (open ? "ingest-open" : "ingest") + " events=%d seconds=%.2f events_per_s=%.0f non202=%d clients=%d batch=%d %s%n",
                accepted, seconds, accepted / seconds, failures.get(), clients, batch, latencies.summary());
        return accepted / seconds;
    }
}
