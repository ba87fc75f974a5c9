package io.offlinesync.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A list's server (the sequencer's rules and the log) and the devices that sync with it, on one
 * simulated time line. It records every accepted event with its causal past, so that tests can replay
 * the same events in other arrival orders that a real network could have produced.
 */
public final class SyncWorld {

    /** An accepted event and its causal past: the first {@code causalPrefix} events of {@link #made()}. */
    public record Made(String clientId, ClientEvent event, int causalPrefix) {}

    private final String listId;
    private final AtomicLong time;
    private final ListSequence sequence = new ListSequence();
    private final List<LogEntry> log = new ArrayList<>();
    private final List<Made> made = new ArrayList<>();
    private final Map<String, Device> devices = new LinkedHashMap<>();

    public SyncWorld(String listId, long startMs) {
        this.listId = listId;
        this.time = new AtomicLong(startMs);
    }

    public String listId() {
        return listId;
    }

    /** A device whose wall clock is the world's time plus {@code clockOffsetMs} (negative: behind). */
    public Device device(String clientId, long clockOffsetMs) {
        Device device = new Device(clientId, listId, () -> time.get() + clockOffsetMs);
        devices.put(clientId, device);
        return device;
    }

    public Map<String, Device> devices() {
        return devices;
    }

    public long now() {
        return time.get();
    }

    public void advance(long ms) {
        time.addAndGet(ms);
    }

    /** The log as the server appended it. */
    public List<LogEntry> log() {
        return List.copyOf(log);
    }

    /** The accepted events in the server's order, with their causal past. */
    public List<Made> made() {
        return List.copyOf(made);
    }

    public void push(Device device) {
        push(device, false);
    }

    /**
     * Appends the device's pending events. With {@code outOfOrderRetry} the second event of the batch
     * reaches the sequencer once before the first (a retried request overtaking), leaving a gap rejection.
     */
    public void push(Device device, boolean outOfOrderRetry) {
        List<ClientEvent> batch = device.takePending();
        if (outOfOrderRetry && batch.size() >= 2) {
            log.add(sequence.admit(device.clientId(), time.get(), batch.get(1)));
        }
        for (ClientEvent event : batch) {
            LogEntry entry = sequence.admit(device.clientId(), time.get(), event);
            if (!(entry instanceof LogEntry.Accepted)) {
                throw new IllegalStateException("not accepted: " + entry);
            }
            log.add(entry);
            made.add(new Made(device.clientId(), event, device.causalPrefix(event.eventId())));
        }
    }

    public void pull(Device device) {
        device.pull(log);
    }

    public void sync(Device device) {
        push(device);
        pull(device);
    }

    /**
     * The log the sequencer would have built had the events already accepted arrived as they did, followed
     * by the pending events of {@code devices}, one device's batch after the other in that order. Changes
     * nothing.
     */
    public List<LogEntry> logWithPendingOf(Device... devices) {
        List<Made> order = new ArrayList<>(made);
        for (Device device : devices) {
            device.pending().forEach(e -> order.add(new Made(device.clientId(), e, -1)));
        }
        return sequence(order, null);
    }

    /**
     * A random order of {@link #made()} that a network could deliver: every device's events in the order it
     * made them, and every event after all the events its device had pulled when it made it. Mixes three
     * ways of choosing: any ready event, a run of one device's events (a batch), or the most recently made
     * ready event first (what was made last overtakes).
     */
    public List<Made> randomArrivalOrder(Random random) {
        int n = made.size();
        Map<String, Integer> nextOfDevice = new HashMap<>();
        List<List<Integer>> byDevice = new ArrayList<>();
        Map<String, Integer> deviceIndex = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String c = made.get(i).clientId();
            Integer d = deviceIndex.get(c);
            if (d == null) {
                d = byDevice.size();
                deviceIndex.put(c, d);
                byDevice.add(new ArrayList<>());
                nextOfDevice.put(c, 0);
            }
            byDevice.get(d).add(i);
        }
        boolean[] emitted = new boolean[n];
        int prefix = 0; // made[0, prefix) all emitted
        List<Made> order = new ArrayList<>(n);
        int strategy = random.nextInt(3);
        while (order.size() < n) {
            List<Integer> ready = new ArrayList<>();
            for (List<Integer> events : byDevice) {
                int next = nextOfDevice.get(made.get(events.get(0)).clientId());
                if (next < events.size() && made.get(events.get(next)).causalPrefix() <= prefix) {
                    ready.add(events.get(next));
                }
            }
            int pick = switch (strategy) {
                case 0 -> ready.get(random.nextInt(ready.size()));
                case 1 -> ready.stream().max(Integer::compare).orElseThrow();
                default -> ready.get(random.nextInt(ready.size()));
            };
            int run = strategy == 2 ? 1 + random.nextInt(6) : 1;
            String client = made.get(pick).clientId();
            List<Integer> events = byDevice.get(deviceIndex.get(client));
            for (int k = 0; k < run; k++) {
                int next = nextOfDevice.get(client);
                if (next >= events.size() || made.get(events.get(next)).causalPrefix() > prefix) {
                    break;
                }
                int index = events.get(next);
                emitted[index] = true;
                order.add(made.get(index));
                nextOfDevice.put(client, next + 1);
                while (prefix < n && emitted[prefix]) {
                    prefix++;
                }
            }
            if (random.nextInt(8) == 0) {
                strategy = random.nextInt(3);
            }
        }
        return order;
    }

    /**
     * Runs {@code order} through a fresh sequencer. With {@code noise}, some events are also re-sent
     * (dropped as duplicates) or overtaken by their successor (a gap rejection), as retries do.
     */
    public static List<LogEntry> sequence(List<Made> order, Random noise) {
        ListSequence seq = new ListSequence();
        List<LogEntry> out = new ArrayList<>(order.size());
        Map<String, List<ClientEvent>> sent = new HashMap<>();
        Map<String, List<ClientEvent>> ofClient = new HashMap<>();
        order.forEach(m -> ofClient.computeIfAbsent(m.clientId(), c -> new ArrayList<>()).add(m.event()));
        long serverMs = 1;
        for (Made m : order) {
            List<ClientEvent> before = sent.computeIfAbsent(m.clientId(), c -> new ArrayList<>());
            if (noise != null && !before.isEmpty() && noise.nextInt(30) == 0) {
                LogEntry dup = seq.admit(m.clientId(), serverMs, before.get(noise.nextInt(before.size())));
                if (dup != null) {
                    throw new IllegalStateException("a duplicate was appended: " + dup);
                }
            }
            List<ClientEvent> all = ofClient.get(m.clientId());
            int position = before.size();
            if (noise != null && position + 1 < all.size() && noise.nextInt(30) == 0) {
                LogEntry gap = seq.admit(m.clientId(), serverMs, all.get(position + 1));
                if (!(gap instanceof LogEntry.Rejected r) || r.reason() != RejectReason.GAP) {
                    throw new IllegalStateException("expected a gap rejection: " + gap);
                }
                out.add(gap);
            }
            LogEntry entry = seq.admit(m.clientId(), serverMs++, m.event());
            if (!(entry instanceof LogEntry.Accepted)) {
                throw new IllegalStateException("not accepted in this order: " + entry);
            }
            out.add(entry);
            before.add(m.event());
        }
        return out;
    }

    /** One line per event of {@code log}, for failure messages. */
    public static String describe(List<LogEntry> log) {
        StringBuilder sb = new StringBuilder();
        for (LogEntry entry : log) {
            sb.append("  v").append(entry.listVersion()).append(' ').append(entry.clientId())
                    .append('#').append(entry.clientSeq()).append(' ');
            if (entry instanceof LogEntry.Accepted a) {
                ClientEvent e = a.event();
                sb.append("at=").append(e.at().ms()).append('.').append(e.at().n()).append(' ').append(e.body());
            } else {
                sb.append(entry);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
