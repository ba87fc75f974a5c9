package io.offlinesync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device catching up {@code lists} lists of {@code perList} entries each (loaded through the inbox, as
 * {@link CatchupBench} loads its big list): over ONE live stream from cursor 0 (until every list's last entry has
 * arrived) against catch-up pages ({@code GET /v1/lists/{id}/events?after=}, {@code limit} a page), list after
 * list and all lists at once (a virtual thread each). A warm-up round, then {@code rounds} rounds of the three in
 * turn; each figure is the median of its rounds.
 */
final class StreamCatchupBench {

    static void run(StackEndpoints stack, int lists, int perList, int limit, int rounds, Duration timeout)
            throws Exception {
        String prefix = "scu-" + System.currentTimeMillis();
        HttpClient http = GatewayLists.http();
        long t0 = System.nanoTime();
        try (InboxLoader loader = new InboxLoader(stack)) {
            loader.loadLists(prefix, lists, perList, 100, 100);
        }
        List<String> listIds = new ArrayList<>();
        for (int l = 0; l < lists; l++) {
            listIds.add(prefix + "-" + l);
        }
        for (String listId : listIds) {
            GatewayLists.awaitServed(http, stack, listId, perList, timeout);
        }
        System.out.printf("stream-catchup: %d lists of %d entries sequenced and indexed in %.1f s%n", lists, perList,
                (System.nanoTime() - t0) / 1e9);

        double[] stream = new double[rounds];
        double[] sequential = new double[rounds];
        double[] parallel = new double[rounds];
        long streamed = 0;
        long gaps = 0;
        for (int round = 0; round <= rounds; round++) {
            int r = Math.max(0, round - 1); // round 0 warms up; round 1 overwrites its figures
            long[] got = overStream(stack, listIds, perList, timeout);
            stream[r] = got[0] / 1e9;
            streamed = got[1];
            gaps += got[2];
            long start = System.nanoTime();
            long paged = 0;
            for (String listId : listIds) {
                paged += pageThrough(http, stack, listId, perList, limit);
            }
            sequential[r] = (System.nanoTime() - start) / 1e9;
            check(paged, lists, perList, "sequential pages");
            start = System.nanoTime();
            AtomicLong pagedInParallel = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (String listId : listIds) {
                readers.add(Thread.ofVirtual().start(() -> {
                    try {
                        pagedInParallel.addAndGet(pageThrough(http, stack, listId, perList, limit));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : readers) {
                t.join();
            }
            parallel[r] = (System.nanoTime() - start) / 1e9;
            check(pagedInParallel.get(), lists, perList, "parallel pages");
            System.out.printf("stream-catchup %s: stream %.2f s, pages one list after another %.2f s, "
                    + "%d lists at once %.2f s%n", round == 0 ? "warm-up" : "round " + round, stream[r], sequential[r], lists,
                    parallel[r]);
        }
        double s = median(stream);
        double q = median(sequential);
        double p = median(parallel);
        long events = (long) lists * perList;
        System.out.printf("RESULT stream-catchup lists=%d per_list=%d events=%d page_limit=%d rounds=%d"
                        + " stream_s=%.2f stream_events_per_s=%.0f streamed=%d gaps=%d sequential_s=%.2f"
                        + " sequential_events_per_s=%.0f parallel_s=%.2f parallel_events_per_s=%.0f"
                        + " ratio_sequential_to_stream=%.2f ratio_parallel_to_stream=%.2f%n",
                lists, perList, events, limit, rounds, s, events / s, streamed, gaps, q, events / q, p, events / p,
                q / s, p / s);
    }

    /** One stream of every list from 0 until each list's last entry: {nanos, entries received, gaps}. */
    private static long[] overStream(StackEndpoints stack, List<String> listIds, int perList, Duration timeout)
            throws Exception {
        Map<String, Integer> index = new HashMap<>();
        for (int l = 0; l < listIds.size(); l++) {
            index.put(listIds.get(l), l);
        }
        long[] last = new long[listIds.size()]; // selector thread only
        long[] counts = new long[2]; // entries, gaps; selector thread only until the latch
        CountDownLatch complete = new CountDownLatch(listIds.size());
        String[] ended = new String[1];
        SseClient.Listener listener = new SseClient.Listener() {
            @Override
            public void event(int stream, String type, String id, long nanos) {
                if (!"entry".equals(type)) {
                    return;
                }
                int colon = id.lastIndexOf(':');
                int l = index.get(id.substring(0, colon));
                long version = Long.parseLong(id.substring(colon + 1));
                counts[0]++;
                if (version != last[l] + 1) {
                    counts[1]++;
                }
                last[l] = version;
                if (version == perList) {
                    complete.countDown();
                }
            }

            @Override
            public void ended(int stream, String why) {
                ended[0] = why;
                while (complete.getCount() > 0) {
                    complete.countDown();
                }
            }
        };
        StringBuilder cursors = new StringBuilder();
        for (String listId : listIds) {
            cursors.append(cursors.isEmpty() ? "" : ",").append(listId).append(":0");
        }
        URI queryApi = stack.queryApi();
        try (SseClient client = new SseClient(queryApi.getHost(), queryApi.getPort(), stack.token(), listener)) {
            long start = System.nanoTime();
            client.open(cursors.toString());
            if (!complete.await(timeout.toSeconds(), TimeUnit.SECONDS) || ended[0] != null) {
                throw new IllegalStateException("the stream did not deliver every list's last entry within " + timeout
                        + (ended[0] == null ? "" : ": it ended, " + ended[0]));
            }
            long nanos = System.nanoTime() - start;
            return new long[] {nanos, counts[0], counts[1]};
        }
    }

    /** Pages through a list from 0, {@code limit} a page, as a device catching up does; the entries read. */
    private static long pageThrough(HttpClient http, StackEndpoints stack, String listId, int perList, int limit)
            throws Exception {
        long after = 0;
        while (after < perList) {
            int n = CatchupBench.count(CatchupBench.page(http, stack, listId, after, limit, 0, false));
            if (n == 0) {
                throw new IllegalStateException(listId + " served nothing after " + after);
            }
            after += n;
        }
        return after;
    }

    private static void check(long read, int lists, int perList, String how) {
        if (read != (long) lists * perList) {
            throw new IllegalStateException(how + " read " + read + " entries, not " + (long) lists * perList);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
