package io.offlinesync.bench;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.VClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The synthetic workload: a list is created by its first event (clientSeq 1) and then grows by ItemAdded,
 * or, for lists kept small in state, by renames of a fixed set of items. One client writes each list, so
 * listVersion equals clientSeq and a reader knows which version to wait for.
 */
final class TodoEvents {

    private TodoEvents() {
    }

    /**
     * Events clientSeq {@code from} .. {@code from + count - 1} of one list.
     *
     * @param distinctItems 0: every event after the first adds a new item; n > 0: after n items,
     *                      events rename one of them, so the list's state stays bounded
     */
    static List<ClientEvent> events(String clientId, long from, int count, int distinctItems) {
        long now = System.currentTimeMillis();
        List<ClientEvent> events = new ArrayList<>(count);
        for (long seq = from; seq < from + count; seq++) {
            events.add(new ClientEvent(UUID.randomUUID().toString(), seq, new Hlc(now, seq), body(clientId, seq, distinctItems)));
        }
        return events;
    }

    private static EventBody body(String clientId, long seq, int distinctItems) {
        if (seq == 1) {
            return new EventBody.ListCreated("Bench list", Policy.LWW);
        }
        VClock clock = new VClock(Map.of(clientId, seq));
        if (distinctItems > 0 && seq > distinctItems + 1) {
            return new EventBody.ItemRenamed("i" + (seq % distinctItems), "Item renamed at " + seq, seq, clock);
        }
        return new EventBody.ItemAdded("i" + seq, "Item number " + seq, 1, clock);
    }

    /** The push request body of PROTOCOL.md for these events. */
    static String pushJson(String clientId, List<ClientEvent> events) {
        StringBuilder json = new StringBuilder(events.size() * 200).append("{\"clientId\":\"").append(clientId)
                .append("\",\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            ClientEvent e = events.get(i);
            json.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(e.eventId()).append("\",\"clientSeq\":")
                    .append(e.clientSeq()).append(",\"type\":\"").append(e.body().type()).append("\",\"at\":{\"ms\":")
                    .append(e.at().ms()).append(",\"n\":").append(e.at().n()).append('}');
            switch (e.body()) {
                case EventBody.ListCreated c -> json.append(",\"title\":\"").append(c.title()).append("\",\"policy\":\"lww\"");
                case EventBody.ItemAdded a -> item(json, a.itemId(), a.count(), a.vclock()).append(",\"title\":\"").append(a.title()).append('"');
                case EventBody.ItemRenamed r -> item(json, r.itemId(), r.count(), r.vclock()).append(",\"title\":\"").append(r.title()).append('"');
                default -> throw new IllegalArgumentException("not generated: " + e.body());
            }
            json.append('}');
        }
        return json.append("]}").toString();
    }

    private static StringBuilder item(StringBuilder json, String itemId, long count, VClock clock) {
        json.append(",\"itemId\":\"").append(itemId).append("\",\"count\":").append(count).append(",\"vclock\":{");
        String sep = "";
        for (Map.Entry<String, Long> c : clock.entries().entrySet()) {
            json.append(sep).append('"').append(c.getKey()).append("\":").append(c.getValue());
            sep = ",";
        }
        return json.append('}');
    }
}
