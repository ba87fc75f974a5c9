package io.offlinesync.query.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads a live stream's server-sent events on its own thread, for a test to take them in order. */
final class SseReader implements AutoCloseable {

    /** One event: {@code type} ("entry", "heartbeat", ...), {@code id} (null if none), {@code data}. */
    record Event(String type, String id, String data) {}

    /** Put when the stream ends. */
    static final Event END = new Event("end-of-stream", null, null);

    private final InputStream body;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread thread;

    SseReader(InputStream body) {
        this.body = body;
        this.thread = Thread.ofVirtual().start(this::read);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String type = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (type != null) {
                        events.add(new Event(type, id, data.toString()));
                    }
                    type = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // the stream was closed under us
        } finally {
            events.add(END);
        }
    }

    /** The next event, or fails after {@code within}. */
    Event next(Duration within) throws InterruptedException {
        Event e = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + within);
        }
        return e;
    }

    /** The next event that is not a heartbeat. */
    Event nextNotHeartbeat(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Event e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (!e.type().equals("heartbeat")) {
                return e;
            }
        }
    }

    /** The next {@code n} entries (heartbeats skipped), failing on anything else. */
    List<Event> entries(int n, Duration within) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        while (out.size() < n) {
            Event e = nextNotHeartbeat(within);
            if (!e.type().equals("entry")) {
                throw new AssertionError("expected an entry, got " + e + " after " + out.size());
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        body.close();
        thread.interrupt();
    }
}
