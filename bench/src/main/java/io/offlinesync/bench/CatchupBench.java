package io.offlinesync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Catch-up as devices do it, through the query-api: (1) latency of one page (limit 500) from a random list
 * and cursor among lists loaded by the sequence benchmark; (2) one device paging through one big list
 * (limit 1000 a page, the most the API serves) and the events/s it gets.
 */
final class CatchupBench {

    static void run(StackEndpoints stack, String prefix, int lists, int perList, int requests, int bigList,
                    Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < Math.min(200, requests); i++) { // warm the JIT and the connection
            page(http, stack, prefix + "-" + (i % lists), 0, 500);
        }
        Latencies latencies = new Latencies();
        long events = 0;
        for (int i = 0; i < requests; i++) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long t0 = System.nanoTime();
            String body = page(http, stack, prefix + "-" + random.nextInt(lists), random.nextInt(perList), 500);
            latencies.add(System.nanoTime() - t0);
            events += count(body);
        }
        System.out.printf("RESULT catchup-page requests=%d avg_events=%.1f %s%n", requests, events / (double) requests,
                latencies.summary());

        String big = "big-" + System.currentTimeMillis();
        long t0 = System.nanoTime();
        try (InboxLoader loader = new InboxLoader(stack)) {
            loader.loadLists(big, 1, bigList, 100, 100);
        }
        // long-poll until the sequencer appended the last entry and the query-api indexed it
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(page(http, stack, big + "-0", bigList - 1, 1, 10_000)) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("big list not sequenced within " + timeout);
            }
        }
        System.out.printf("big list of %d events sequenced and indexed in %.1f s%n", bigList, (System.nanoTime() - t0) / 1e9);
        for (int round = 0; round < 2; round++) { // the first round warms up
            long start = System.nanoTime();
            long after = 0;
            long pulled = 0;
            while (after < bigList) {
                int n = count(page(http, stack, big + "-0", after, 1000));
                pulled += n;
                after += n;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round == 1) {
                System.out.printf("RESULT catchup-download events=%d seconds=%.2f events_per_s=%.0f%n", pulled, seconds, pulled / seconds);
            }
        }
    }

    private static String page(HttpClient http, StackEndpoints stack, String listId, long after, int limit) throws Exception {
        return page(http, stack, listId, after, limit, 0);
    }

    private static String page(HttpClient http, StackEndpoints stack, String listId, long after, int limit, long waitMs)
            throws Exception {
        return page(http, stack, listId, after, limit, waitMs, false);
    }

    /** One catch-up page; {@code open}: without the token (see {@link StackEndpoints#open}). */
    static String page(HttpClient http, StackEndpoints stack, String listId, long after, int limit, long waitMs,
                       boolean open) throws Exception {
        URI uri = URI.create(stack.queryApi() + "/v1/lists/" + listId + "/events?after=" + after + "&limit=" + limit
                + (waitMs > 0 ? "&waitMs=" + waitMs : ""));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        HttpResponse<String> response = http.send((open ? StackEndpoints.open(request) : stack.signed(request)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Entries in a catch-up page: each carries one listVersion field. */
    static int count(String body) {
        int n = 0;
        for (int i = body.indexOf("\"listVersion\""); i >= 0; i = body.indexOf("\"listVersion\"", i + 1)) {
            n++;
        }
        return n;
    }
}
