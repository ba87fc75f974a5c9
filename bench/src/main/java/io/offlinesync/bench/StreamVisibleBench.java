package io.offlinesync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Push-to-visible over the live stream, with the load of {@link VisibleBench}: {@code rate} events/s in batches of
 * {@code batch} over rate/batch lists that each push one batch per second. Instead of a long-poll per batch, each of
 * {@code readers} devices holds ONE stream following every list written; the latency is the time from a batch's
 * 202 until that stream delivers the batch's last entry. The lists are created (and their first batch served)
 * before the streams open, so the streams follow lists that exist; the streams also check that each list's
 * entries come in order with no gap.
 */
final class StreamVisibleBench {

    static void run(StackEndpoints stack, int rate, int batch, Duration duration, Duration warmup, int readers)
            throws Exception {
        String run = "svis-" + System.currentTimeMillis();
        int lists = Math.max(1, rate / batch);
        HttpClient http = GatewayLists.http();
        List<String> listIds = new ArrayList<>();
        Map<String, Integer> listIndex = new HashMap<>();
        for (int l = 0; l < lists; l++) {
            listIds.add(run + "-" + l);
            listIndex.put(run + "-" + l, l);
        }
        GatewayLists.create(http, stack, listIds, batch, Duration.ofSeconds(60));

        int rounds = (int) ((duration.toSeconds() + warmup.toSeconds()) + 3); // batch k (k >= 1) ends at version (k+1)*batch
        AtomicLongArray accepted = new AtomicLongArray(lists * rounds);
        AtomicLongArray arrivals = new AtomicLongArray(readers * lists * rounds);
        long[][] lastVersion = new long[readers][lists]; // selector thread only
        for (long[] r : lastVersion) {
            java.util.Arrays.fill(r, batch);
        }
        AtomicLong gaps = new AtomicLong();
        AtomicInteger ended = new AtomicInteger();
        CountDownLatch open = new CountDownLatch(readers);
        boolean[] opened = new boolean[readers];
        SseClient.Listener listener = new SseClient.Listener() {
            @Override
            public void event(int stream, String type, String id, long nanos) {
                if (!opened[stream]) {
                    opened[stream] = true;
                    open.countDown();
                }
                if (!"entry".equals(type)) {
                    return;
                }
                int colon = id.lastIndexOf(':');
                Integer l = listIndex.get(id.substring(0, colon));
                long version = Long.parseLong(id.substring(colon + 1));
                if (l == null) {
                    return;
                }
                if (version != lastVersion[stream][l] + 1) {
                    gaps.incrementAndGet();
                }
                lastVersion[stream][l] = version;
                if (version % batch == 0 && version / batch - 1 < rounds) {
                    arrivals.compareAndSet((stream * lists + l) * rounds + (int) (version / batch - 1), 0, nanos);
                }
            }

            @Override
            public void ended(int stream, String why) {
                ended.incrementAndGet();
                System.out.println("stream-visible: stream " + stream + " ended: " + why);
                if (!opened[stream]) {
                    opened[stream] = true;
                    open.countDown();
                }
            }
        };
        URI queryApi = stack.queryApi();
        try (SseClient client = new SseClient(queryApi.getHost(), queryApi.getPort(), stack.token(), listener)) {
            StringBuilder cursors = new StringBuilder();
            for (String listId : listIds) {
                cursors.append(cursors.isEmpty() ? "" : ",").append(listId).append(':').append(batch);
            }
            for (int r = 0; r < readers; r++) {
                client.open(cursors.toString());
            }
            if (!open.await(30, TimeUnit.SECONDS) || ended.get() > 0) {
                throw new IllegalStateException("the streams did not open (" + ended.get() + " ended)");
            }

            PacedPushes load = new PacedPushes();
            load.run(lists, batch, batch + 1, warmup, duration,
                    (list, from, count) -> push(http, stack, listIds.get(list), from, count),
                    (list, last, at, measured) -> {
                        if (measured && last / batch - 1 < rounds) {
                            accepted.set(list * rounds + (int) (last / batch - 1), at);
                        }
                    });
            // until every measured batch reached every stream, or 30 s
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (missing(accepted, arrivals, readers, lists, rounds) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Latencies latencies = new Latencies();
            int beforeAccepted = 0;
            for (int r = 0; r < readers; r++) {
                for (int i = 0; i < lists * rounds; i++) {
                    long at = accepted.get(i);
                    long arrived = arrivals.get(r * lists * rounds + i);
                    if (at != 0 && arrived != 0) {
                        if (arrived < at) {
                            beforeAccepted++; // the stream was faster than the 202's way back to the client
                        }
                        latencies.add(Math.max(0, arrived - at));
                    }
                }
            }
            double seconds = (duration.toNanos() + warmup.toNanos()) / 1e9;
            System.out.printf("RESULT stream-visible target_rate=%d achieved_events_per_s=%.0f lists=%d batch=%d"
                            + " readers=%d late=%d failures=%d missing=%d gaps=%d ended=%d before_202=%d %s%n",
                    rate, load.pushed.get() / seconds, lists, batch, readers, load.late.get(), load.failures.get(),
                    missing(accepted, arrivals, readers, lists, rounds), gaps.get(), ended.get(), beforeAccepted,
                    latencies.summary());
        }
    }

    /** Measured batches some stream has not delivered yet. */
    private static int missing(AtomicLongArray accepted, AtomicLongArray arrivals, int readers, int lists, int rounds) {
        int missing = 0;
        for (int r = 0; r < readers; r++) {
            for (int i = 0; i < lists * rounds; i++) {
                if (accepted.get(i) != 0 && arrivals.get(r * lists * rounds + i) == 0) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** One push as VisibleBench sends it: System.nanoTime() of its 202, 0 for another answer. */
    private static long push(HttpClient http, StackEndpoints stack, String listId, long from, int count)
            throws Exception {
        String body = TodoEvents.pushJson(GatewayLists.CLIENT, TodoEvents.events(GatewayLists.CLIENT, from, count, 100));
        HttpResponse<Void> r = http.send(stack.signed(HttpRequest.newBuilder(URI.create(stack.gateway() + "/v1/lists/"
                        + listId + "/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))).build(), HttpResponse.BodyHandlers.discarding());
        long at = System.nanoTime();
        return r.statusCode() == 202 ? at : 0;
    }
}
