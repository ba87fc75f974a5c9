package io.offlinesync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many concurrent live streams on the one query-api: {@code streams} streams of {@code perStream} lists each,
 * over {@code lists} lists (stream i follows lists 5i .. 5i+4 modulo {@code lists}, so each list has
 * streams * perStream / lists followers). It opens them (at most {@code opening} waiting for their first heartbeat
 * at once: the server's accept backlog is small), waits until every one has its opening heartbeat and the query-api's
 * CPU no longer falls (the streams opened last still read their lists), then pushes one entry at a time to one list
 * and measures the fan-out: the time from the push's 202 until each stream that follows the list has the entry. The query-api's resident memory and threads are read before, with all open, and after
 * closing; with an operator's token ({@code BENCH_ADMIN_TOKEN}) also the streams it counts open
 * ({@code sync.stream.open}), to tell how soon it lets go of the streams whose clients went.
 */
final class StreamsBench {

    static void run(StackEndpoints stack, int streams, int perStream, int lists, int pushes, int opening,
                    long queryApiPid, Duration rest, Duration timeout) throws Exception {
        if (lists % perStream != 0 || lists < perStream) {
            throw new IllegalArgumentException("lists (" + lists + ") must be a multiple of lists per stream (" + perStream + ")");
        }
        String run = "fan-" + System.currentTimeMillis();
        HttpClient http = GatewayLists.http();
        List<String> listIds = new ArrayList<>();
        for (int l = 0; l < lists; l++) {
            listIds.add(run + "-" + l);
        }
        GatewayLists.create(http, stack, listIds, 1, timeout);
        String adminToken = System.getenv("BENCH_ADMIN_TOKEN");

        ProcessStatus before = ProcessStatus.of(queryApiPid);
        double beforeCpu = ProcessStatus.cpuPercent(queryApiPid, 3000);
        System.out.printf("streams: %d lists created; query-api before: %d MiB, %d threads; opening %d streams%n",
                lists, before.rssMib(), before.threads(), streams);

        long[] openedAt = new long[streams];
        long[] openStarted = new long[streams];
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger entries = new AtomicInteger();
        String[] firstRefusal = new String[1];
        CountDownLatch allOpen = new CountDownLatch(streams);
        Semaphore inFlight = new Semaphore(opening);
        AtomicLongArray arrivals = new AtomicLongArray(streams);
        AtomicInteger arrived = new AtomicInteger();
        AtomicReference<String> expected = new AtomicReference<>(""); // the id of the entry pushed last
        SseClient.Listener listener = new SseClient.Listener() {
            @Override
            public void event(int stream, String type, String id, long nanos) {
                if (openedAt[stream] == 0) { // the opening heartbeat
                    openedAt[stream] = nanos;
                    inFlight.release();
                    allOpen.countDown();
                }
                if ("entry".equals(type)) {
                    entries.incrementAndGet();
                    if (id.equals(expected.get()) && arrivals.compareAndSet(stream, 0, nanos)) {
                        arrived.incrementAndGet();
                    }
                }
            }

            @Override
            public void ended(int stream, String why) {
                if (openedAt[stream] == 0) {
                    openedAt[stream] = -1;
                    if (refused.getAndIncrement() == 0) {
                        firstRefusal[0] = why;
                    }
                    inFlight.release();
                    allOpen.countDown();
                } else {
                    dropped.incrementAndGet();
                }
            }
        };
        URI queryApi = stack.queryApi();
        try (SseClient client = new SseClient(queryApi.getHost(), queryApi.getPort(), stack.token(), listener)) {
            long start = System.nanoTime();
            int asked = 0;
            for (; asked < streams; asked++) {
                if (!inFlight.tryAcquire(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    System.out.printf("streams: no answer to %d opening streams for %d s: stopped opening at %d%n",
                            opening, timeout.toSeconds(), asked);
                    break;
                }
                if (asked > 0 && asked % 1000 == 0) {
                    ProcessStatus now = ProcessStatus.of(queryApiPid);
                    System.out.printf("streams: %d asked after %.1f s, query-api %d MiB, %d threads%n", asked,
                            (System.nanoTime() - start) / 1e9, now.rssMib(), now.threads());
                }
                openStarted[asked] = System.nanoTime();
                client.open(cursors(listIds, asked, perStream));
            }
            boolean all = asked == streams && allOpen.await(timeout.toSeconds(), TimeUnit.SECONDS);
            double openSeconds = (System.nanoTime() - start) / 1e9;
            Latencies openLatency = new Latencies();
            for (int i = 0; i < streams; i++) {
                if (openedAt[i] > 0) {
                    openLatency.add(openedAt[i] - openStarted[i]);
                }
            }
            int open = openLatency.count();
            ProcessStatus held = ProcessStatus.of(queryApiPid);
            System.out.printf("RESULT streams-open streams=%d lists_per_stream=%d lists=%d open=%d refused=%d"
                            + " all_open=%s open_seconds=%.1f streams_per_s=%.0f server_open=%d %s %s"
                            + " rss_kb_per_stream=%.0f before_cpu_pct=%.0f open_%s%n",
                    streams, perStream, lists, open, refused.get(), all, openSeconds, open / openSeconds,
                    serverOpen(http, stack, adminToken), before.fields("before"), held.fields("open"),
                    open == 0 ? 0.0 : (held.rssMib() - before.rssMib()) * 1024.0 / open, beforeCpu,
                    openLatency.summary().replace(" ", " open_"));
            if (refused.get() > 0) {
                System.out.println("streams: first refusal: " + firstRefusal[0]
                        + " (MAX_STREAMS_PER_USER must allow them: bench/run.sh starts its stack with it raised)");
            }

            // the last streams opened still read their lists (a heartbeat first, then the backlog): the fan-out is
            // measured once the query-api's CPU stops falling (2 s windows), what idle open streams cost it
            long settleStart = System.nanoTime();
            long settleDeadline = settleStart + 60_000_000_000L;
            double idleCpu = ProcessStatus.cpuPercent(queryApiPid, 2000);
            while (idleCpu >= 0 && System.nanoTime() < settleDeadline) {
                double next = ProcessStatus.cpuPercent(queryApiPid, 2000);
                boolean falling = next < idleCpu * 0.9;
                idleCpu = next;
                if (!falling) {
                    break;
                }
            }
            double settleSeconds = (System.nanoTime() - settleStart) / 1e9;

            // fan-out: one entry to one list at a time, until each of its followers has it
            Latencies fanout = new Latencies();
            Latencies lastFollower = new Latencies();
            int followersPerList = streams * perStream / lists;
            int incomplete = 0;
            for (int p = 0; p < pushes; p++) {
                int list = p % lists;
                long version = 2 + p / lists;
                List<Integer> followers = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    if (openedAt[i] > 0 && follows(i, list, perStream, lists)) {
                        followers.add(i);
                    }
                }
                for (int i = 0; i < streams; i++) {
                    arrivals.set(i, 0);
                }
                arrived.set(0);
                expected.set(listIds.get(list) + ":" + version);
                long accepted = GatewayLists.push(http, stack, listIds.get(list), version, 1);
                long deadline = System.nanoTime() + Math.min(timeout.toNanos(), 30_000_000_000L);
                while (arrived.get() < followers.size() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                long first = Long.MAX_VALUE;
                long last = 0;
                for (int i : followers) {
                    long at = arrivals.get(i);
                    if (at != 0) {
                        fanout.add(Math.max(0, at - accepted));
                        first = Math.min(first, at - accepted);
                        last = Math.max(last, at - accepted);
                    }
                }
                System.out.printf("streams: push %d to %s: %d of %d followers, first after %.1f ms, last after %.1f ms%n",
                        p + 1, listIds.get(list), arrived.get(), followers.size(), first / 1e6, last / 1e6);
                if (arrived.get() < followers.size()) {
                    if (++incomplete == 2) {
                        System.out.println("streams: two pushes did not reach every follower in 30 s: fan-out stopped");
                        break;
                    }
                } else {
                    lastFollower.add(last);
                }
                Thread.sleep(200); // one push at a time: each measures the fan-out alone
            }
            System.out.printf("RESULT streams-fanout pushes=%d followers_per_list=%d incomplete=%d dropped=%d"
                            + " settle_seconds=%.1f open_idle_cpu_pct=%.0f max_ms=%.2f %s last_follower_p50_ms=%.2f"
                            + " last_follower_max_ms=%.2f%n",
                    pushes, followersPerList, incomplete, dropped.get(), settleSeconds, idleCpu, fanout.percentileMs(100),
                    fanout.summary(),
                    lastFollower.percentileMs(50), lastFollower.percentileMs(100));

            long closeStart = System.nanoTime();
            client.closeAll();
            int serverOpen = serverOpen(http, stack, adminToken);
            long closeDeadline = System.nanoTime() + timeout.toNanos();
            // the server sees a client gone on its next write; -1: no answer in time (busy), or no operator token
            while (serverOpen != 0 && adminToken != null && !adminToken.isBlank() && System.nanoTime() < closeDeadline) {
                Thread.sleep(500);
                serverOpen = serverOpen(http, stack, adminToken);
            }
            double releasedSeconds = (System.nanoTime() - closeStart) / 1e9;
            ProcessStatus closed = ProcessStatus.of(queryApiPid);
            Thread.sleep(rest.toMillis()); // G1 gives back unused heap after G1PeriodicGCInterval (30 s) at rest
            ProcessStatus rested = ProcessStatus.of(queryApiPid);
            System.out.printf("RESULT streams-closed server_open=%d server_released_seconds=%s %s rest_seconds=%d %s%n",
                    serverOpen, serverOpen < 0 ? "n/a" : String.format("%.1f", releasedSeconds), closed.fields("closed"),
                    rest.toSeconds(), rested.fields("rest"));
            System.out.printf("streams: %d entries received over the streams%n", entries.get());
        }
    }

    /** The {@code lists} parameter of stream {@code i}: its lists, each from version 1 (its creation). */
    private static String cursors(List<String> listIds, int i, int perStream) {
        StringBuilder lists = new StringBuilder();
        for (int k = 0; k < perStream; k++) {
            lists.append(k == 0 ? "" : ",").append(listIds.get((perStream * i + k) % listIds.size())).append(":1");
        }
        return lists.toString();
    }

    private static boolean follows(int stream, int list, int perStream, int lists) {
        int first = (perStream * stream) % lists;
        return list >= first && list < first + perStream;
    }

    /** The streams the query-api counts open ({@code sync.stream.open}); -1 without an operator's token. */
    private static int serverOpen(HttpClient http, StackEndpoints stack, String adminToken) {
        if (adminToken == null || adminToken.isBlank()) {
            return -1;
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.queryApi() + "/actuator/prometheus"))
                    .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith("sync_stream_open")) {
                    return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (Exception e) {
            System.err.println("streams: no sync.stream.open from the query-api: " + e);
        }
        return -1;
    }
}
