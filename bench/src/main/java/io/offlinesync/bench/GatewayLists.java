package io.offlinesync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Lists the stream benchmarks write through the gateway, as devices do: one device ({@link #CLIENT}) writes each
 * list, so a list's listVersion equals its clientSeq and a reader knows which version to wait for.
 */
final class GatewayLists {

    static final String CLIENT = "dev";

    private GatewayLists() {
    }

    /** An HTTP/1.1 client on virtual threads, as the other load generators use. */
    static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Pushes events {@code from .. from + count - 1} of {@code listId}: System.nanoTime() of its 202. */
    static long push(HttpClient http, StackEndpoints stack, String listId, long from, int count) throws Exception {
        String body = TodoEvents.pushJson(CLIENT, TodoEvents.events(CLIENT, from, count, 100));
        HttpResponse<String> r = http.send(stack.signed(HttpRequest.newBuilder(URI.create(stack.gateway() + "/v1/lists/"
                        + listId + "/events")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))).build(), HttpResponse.BodyHandlers.ofString());
        long accepted = System.nanoTime();
        if (r.statusCode() != 202) {
            throw new IllegalStateException("push to " + listId + " answered " + r.statusCode() + ": " + r.body());
        }
        return accepted;
    }

    /**
     * Creates {@code listIds} with a first batch of {@code count} events each (16 pushes at a time) and waits until
     * the query-api serves each one's last entry: the lists exist for the bench user's streams.
     */
    static void create(HttpClient http, StackEndpoints stack, List<String> listIds, int count, Duration timeout)
            throws InterruptedException {
        Semaphore parallel = new Semaphore(16);
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (String listId : listIds) {
            parallel.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    push(http, stack, listId, 1, count);
                    awaitServed(http, stack, listId, count, timeout);
                } catch (Exception e) {
                    failures.add(e);
                } finally {
                    parallel.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " of " + listIds.size() + " lists not created",
                    failures.getFirst());
        }
    }

    /** Long-polls until the query-api serves entry {@code version} of {@code listId}. */
    static void awaitServed(HttpClient http, StackEndpoints stack, String listId, long version, Duration timeout)
            throws Exception {
        URI uri = URI.create(stack.queryApi() + "/v1/lists/" + listId + "/events?after=" + (version - 1)
                + "&limit=1&waitMs=5000");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> r = http.send(stack.signed(HttpRequest.newBuilder(uri)).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && CatchupBench.count(r.body()) > 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(listId + " entry " + version + " not served within " + timeout
                        + " (last answer " + r.statusCode() + ")");
            }
            if (r.statusCode() == 404) {
                LockSupport.parkNanos(20_000_000L); // not indexed yet: the list's first entry is still on its way
            }
        }
    }
}
