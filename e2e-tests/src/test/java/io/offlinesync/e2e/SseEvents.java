package io.offlinesync.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Predicate;

/** Reads the live stream's server-sent events (each with one {@code data} line) as a device does. */
final class SseEvents {

    /** One event: {@code type} ("entry", "heartbeat", ...), {@code id} (null if none), {@code data}. */
    record Event(String type, String id, String data) {}

    private SseEvents() {
    }

    /** Hands each event to {@code next} until it answers false or the stream ends. */
    static void read(BufferedReader in, Predicate<Event> next) throws IOException {
        String type = null;
        String id = null;
        String data = null;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            } else if (line.isEmpty() && type != null) {
                if (!next.test(new Event(type, id, data))) {
                    return;
                }
                type = null;
                id = null;
                data = null;
            }
        }
    }
}
