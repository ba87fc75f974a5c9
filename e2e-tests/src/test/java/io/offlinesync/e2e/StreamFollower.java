package io.offlinesync.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A device that follows lists over one live stream ({@code GET /v1/stream}) through the query-api instances, as
 * PROTOCOL.md tells a device to: whenever its stream ends (an instance killed, shut down), it reconnects to the
 * next instance with the last id of each list as its cursor. It keeps every entry it was sent, in order, for the
 * test to compare with the catch-up log.
 */
final class StreamFollower implements AutoCloseable {

    /** An entry as the stream sent it. */
    record Received(long listVersion, String data) {}

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> instances;
    private final List<String> listIds;
    private final Supplier<String> token;
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private final Map<String, Long> cursors = new ConcurrentHashMap<>();
    private final List<String> ends = new CopyOnWriteArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();
    private final Thread thread;
    private volatile boolean open = true;
    private volatile InputStream body;
    private int next;

    StreamFollower(List<String> instances, int first, List<String> listIds, Supplier<String> token) {
        this.instances = instances;
        this.listIds = listIds;
        this.token = token;
        this.next = first;
        listIds.forEach(id -> {
            received.put(id, new CopyOnWriteArrayList<>());
            cursors.put(id, 0L);
        });
        this.thread = Thread.ofVirtual().name("stream-follower").start(this::follow);
    }

    private void follow() {
        while (open) {
            String url = instances.get(next++ % instances.size());
            try {
                read(url);
                ends.add(url + ": ended");
            } catch (IOException | RuntimeException e) {
                ends.add(url + ": " + e);
            } catch (InterruptedException e) {
                return;
            }
            if (open) {
                try {
                    TimeUnit.MILLISECONDS.sleep(200); // the device's reconnect pace, not a wait for the system
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void read(String url) throws IOException, InterruptedException {
        String lists = listIds.stream().map(id -> id + ":" + cursors.get(id)).collect(Collectors.joining(","));
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/stream?lists=" + lists))
                .header("Authorization", "Bearer " + token.get()).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        body = response.body();
        if (response.statusCode() != 200) {
            ends.add(url + ": " + response.statusCode() + " " + new String(body.readAllBytes(), StandardCharsets.UTF_8));
            body.close();
            return;
        }
        connects.incrementAndGet();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            SseEvents.read(in, e -> {
                if (e.type().equals("entry")) {
                    String listId = e.id().substring(0, e.id().lastIndexOf(':'));
                    long version = Long.parseLong(e.id().substring(e.id().lastIndexOf(':') + 1));
                    received.get(listId).add(new Received(version, e.data()));
                    cursors.put(listId, version);
                } else if (e.type().equals("removed")) {
                    ends.add(url + ": removed " + e.data());
                }
                return open;
            });
        }
    }

    /** The last listVersion received of {@code listId} (0: none). */
    long last(String listId) {
        return cursors.get(listId);
    }

    /** Every entry received of {@code listId}, in the order received. */
    List<Received> received(String listId) {
        return new ArrayList<>(received.get(listId));
    }

    /** Streams opened (200), the first included. */
    int connects() {
        return connects.get();
    }

    /** How each stream ended, for a failure's message. */
    List<String> ends() {
        return List.copyOf(ends);
    }

    Map<String, Long> cursors() {
        return new LinkedHashMap<>(cursors);
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        InputStream current = body;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        thread.interrupt();
        thread.join(5000);
    }
}
