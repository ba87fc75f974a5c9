package io.offlinesync.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * A simulated device for tests: it stamps its events with a {@link HybridClock} on its own (injected)
 * wall clock, and computes each event's {@code count} and {@code vclock} the way PROTOCOL.md says a
 * device does, from the register as it folded it locally: the log it pulled plus its own events the
 * log did not show it yet. It only edits what its local view shows.
 */
public final class Device {

    private final String clientId;
    private final String listId;
    private final LongSupplier wall;
    private final HybridClock clock;
    private long clientSeq;
    private final List<ClientEvent> pending = new ArrayList<>();
    private final List<ClientEvent> unseen = new ArrayList<>();
    private final Map<String, Integer> causalPrefix = new HashMap<>();
    private int pulledEntries;
    private int pulledAccepted;
    private TodoList view;
    private final EditStamper stamper;

    public Device(String clientId, String listId, LongSupplier wall) {
        this.clientId = clientId;
        this.listId = listId;
        this.wall = wall;
        this.clock = new HybridClock(wall);
        this.view = new TodoList(listId);
        this.stamper = new EditStamper(clientId);
    }

    public String clientId() {
        return clientId;
    }

    public HybridClock clock() {
        return clock;
    }

    public long wallMs() {
        return wall.getAsLong();
    }

    /** What the device shows: the pulled log folded, plus its own events not in it yet. */
    public TodoList view() {
        return view;
    }

    /** Events made and not pushed yet, in the order made. */
    public List<ClientEvent> pending() {
        return List.copyOf(pending);
    }

    /** Hands the pending events over for a push. */
    public List<ClientEvent> takePending() {
        List<ClientEvent> batch = List.copyOf(pending);
        pending.clear();
        return batch;
    }

    /** How many accepted log entries the device had pulled when it made {@code eventId} (its causal past). */
    public int causalPrefix(String eventId) {
        return causalPrefix.get(eventId);
    }

    public ClientEvent createList(String title, Policy policy) {
        return make(new EventBody.ListCreated(title, policy));
    }

    public ClientEvent renameList(String title) {
        return make(new EventBody.ListRenamed(title));
    }

    public ClientEvent add(String itemId, String title) {
        return make(stamper.add(view.item(itemId), itemId, title));
    }

    public ClientEvent rename(String itemId, String title) {
        return make(stamper.rename(shown(itemId), title));
    }

    public ClientEvent complete(String itemId) {
        return make(stamper.complete(shown(itemId)));
    }

    public ClientEvent reopen(String itemId) {
        return make(stamper.reopen(shown(itemId)));
    }

    public ClientEvent delete(String itemId) {
        return make(stamper.delete(shown(itemId)));
    }

    /**
     * Catches up on {@code log} (the list's whole log so far): merges the clocks of other devices'
     * new events into its own and re-derives its view.
     */
    public void pull(List<LogEntry> log) {
        for (LogEntry entry : log.subList(pulledEntries, log.size())) {
            if (entry instanceof LogEntry.Accepted a && !a.clientId().equals(clientId)) {
                clock.receive(a.event().at());
            }
        }
        pulledEntries = log.size();
        Set<String> inLog = new HashSet<>();
        int accepted = 0;
        for (LogEntry entry : log) {
            if (entry instanceof LogEntry.Accepted) {
                accepted++;
                if (entry.clientId().equals(clientId)) {
                    inLog.add(entry.eventId());
                }
            }
        }
        pulledAccepted = accepted;
        unseen.removeIf(e -> inLog.contains(e.eventId()));
        view = TodoList.fold(listId, log);
        unseen.forEach(this::applyLocally);
    }

    private ClientEvent make(EventBody body) {
        Hlc at = clock.now();
        clientSeq++;
        String eventId = UUID.nameUUIDFromBytes((listId + "/" + clientId + "/" + clientSeq)
                .getBytes(StandardCharsets.UTF_8)).toString();
        ClientEvent event = new ClientEvent(eventId, clientSeq, at, body);
        pending.add(event);
        unseen.add(event);
        causalPrefix.put(eventId, pulledAccepted);
        applyLocally(event);
        return event;
    }

    private void applyLocally(ClientEvent event) {
        view.apply(new LogEntry.Accepted(view.listVersion() + 1, clientId, event.at().ms(), event));
    }

    private Item shown(String itemId) {
        Item item = view.item(itemId);
        if (item == null || !item.visible()) {
            throw new IllegalStateException(clientId + " does not show item " + itemId);
        }
        return item;
    }
}
