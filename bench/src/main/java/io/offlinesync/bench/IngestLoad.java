package io.offlinesync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code clients} concurrent devices, each pushing batches of {@code batch} events through the gateway as fast as the
 * answers come; each batch creates a new list, so every event is accepted by the sequencer. Prints events/s of
 * 202-answered batches and the request latency. The bodies are built before the clock starts, as ProducerPerformance,
 * the raw baseline, builds its payload (about 19 KB per 100-event body: INGEST_EVENTS=1000000 holds 190 MB).
 *
 * <p>By default each device is a thread on a {@link KeepAliveConnection}: the whole load generator then took 0.25-0.36
 * of this machine's two cores, its start and the building of the bodies included; {@link Client#JDK} sends through
 * the JDK's HttpClient on virtual threads instead, as this benchmark did up to issue 15's fifteenth part (0.54-0.58).
 */
final class IngestLoad {

    enum Client { SOCKET, JDK }

    static double run(StackEndpoints stack, long events, int clients, int batch, long warmupBatches, boolean open)
            throws Exception {
        return run(stack, events, clients, batch, warmupBatches, open, Client.SOCKET);
    }

    /**
     * @param open without the access token ({@code X-Bench-Open}: a stack started by {@code bench/run.sh auth});
     *             the RESULT line is then {@code ingest-open}
     */
    static double run(StackEndpoints stack, long events, int clients, int batch, long warmupBatches, boolean open,
                      Client kind) throws Exception {
        String run = "ing-" + System.currentTimeMillis();
        HttpClient http = kind == Client.JDK ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build() : null;
        String headers = open ? "X-Bench-Open: 1\r\n" : "Authorization: Bearer " + stack.requireToken() + "\r\n";
        long batches = events / batch;
        AtomicLong next = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        Latencies latencies = new Latencies();
        long[] startNanos = {0};
        byte[][] bodies = new byte[Math.toIntExact(batches + warmupBatches)][];
        for (int b = 0; b < bodies.length; b++) {
            String clientId = "dev-" + (b % clients);
            bodies[b] = TodoEvents.pushJson(clientId, TodoEvents.events(clientId, 1, batch, 0)).getBytes(StandardCharsets.UTF_8);
        }
        Runnable client = () -> {
            try (KeepAliveConnection connection = new KeepAliveConnection(stack.gateway(), headers)) {
                long b;
                while ((b = next.getAndIncrement()) < batches + warmupBatches) {
                    if (b == warmupBatches) {
                        startNanos[0] = System.nanoTime();
                    }
                    String path = "/v1/lists/" + run + "-" + b + "/events";
                    long t0 = System.nanoTime();
                    try {
                        int status = http == null ? connection.post(path, bodies[(int) b])
                                : send(http, stack, path, bodies[(int) b], open);
                        if (status != 202) {
                            failures.incrementAndGet();
                        } else if (b >= warmupBatches) {
                            latencies.add(System.nanoTime() - t0);
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        connection.close(); // opened again by the next request
                    }
                }
            }
        };
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(kind == Client.JDK ? Thread.ofVirtual().start(client) : Thread.ofPlatform().start(client));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - startNanos[0]) / 1e9;
        long accepted = (long) latencies.count() * batch;
        System.out.printf("RESULT " + (open ? "ingest-open" : "ingest") + " events=%d seconds=%.2f events_per_s=%.0f non202=%d clients=%d batch=%d client=%s %s%n",
                accepted, seconds, accepted / seconds, failures.get(), clients, batch, kind.name().toLowerCase(),
                latencies.summary());
        return accepted / seconds;
    }

    private static int send(HttpClient http, StackEndpoints stack, String path, byte[] body, boolean open)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stack.gateway() + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpRequest request = (open ? StackEndpoints.open(builder) : stack.signed(builder)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
