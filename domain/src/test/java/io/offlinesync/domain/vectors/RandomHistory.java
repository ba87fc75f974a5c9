package io.offlinesync.domain.vectors;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EditStamper;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.HybridClock;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.ListLedger;
import io.offlinesync.domain.ListLimits;
import io.offlinesync.domain.ListSequence;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.TodoList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * One randomized offline history, fully determined by its seed: two to five devices of up to four users edit one
 * list, mostly offline, and now and then push their queued events to a real {@link ListSequence} or pull its log;
 * at the end every device pushes what it still holds (the merge). Devices stamp their edits as the SDKs do (a
 * {@link HybridClock} on a skewed wall clock, {@link EditStamper} on their local fold), so concurrent edits,
 * vector siblings and edits of items deleted elsewhere arise as they would. Now and then a device pushes in a
 * way that gets refused: a viewer's or non-member's edit, an owner leaving, a second ListCreated, a retry that
 * overtakes (gap), a resend (duplicate), a lost store (seq-reused), another user's clientId, a small list's limits.
 */
final class RandomHistory {

    private static final long T0 = 1_764_150_000_000L;
    private static final String[] USERS = {"ann", "bob", "cat", "dan"};
    private static final String[] DEVICES = {"phone", "laptop", "tab"};
    private static final String[] WORDS = {"Milk", "Eggs", "Bread", "Tea", "Käse", "Crème fraîche", "牛乳", "🍎 apples",
        "Brot 🥖", "naïve café", "שלום", "𝄞 tickets", "call Bob", "fix \"the\" door", "a\\b", "pay 1:2;3"};

    private final Random random;
    private final String listId;
    private final ListSequence sequence;
    private final List<LogEntry> log = new ArrayList<>();
    private final List<Sim> devices = new ArrayList<>();
    private long time = T0;
    private long serverMs = T0;
    private int nextItem = 1;
    private int lostStores;

    private RandomHistory(long seed) {
        this.random = new Random(new java.util.SplittableRandom(seed).nextLong()); // consecutive seeds, unrelated draws
        this.listId = "r" + seed;
        ListLimits limits = random.nextInt(8) == 0 ? new ListLimits(3, 4, 2048, 3) : ListLimits.DEFAULTS;
        this.sequence = new ListSequence(ListLedger.inMemory(), limits);
    }

    /** The log of history {@code seed}. */
    static List<LogEntry> log(long seed) {
        return new RandomHistory(seed).run();
    }

    private List<LogEntry> run() {
        int deviceCount = 2 + random.nextInt(random.nextInt(5) == 0 ? 4 : 2);
        for (int i = 0; i < deviceCount; i++) {
            String user = i == 0 ? "ann" : USERS[random.nextInt(USERS.length)];
            String clientId = user + "-" + DEVICES[random.nextInt(DEVICES.length)] + (i > 2 ? i : "");
            if (devices.stream().noneMatch(d -> d.clientId.equals(clientId))) {
                devices.add(new Sim(clientId, user, random.nextInt(6001) - 3000));
            }
        }
        Policy policy = Policy.values()[random.nextInt(3)];
        Sim creator = devices.get(0);
        creator.make(new EventBody.ListCreated(words(), policy));
        boolean shared = random.nextInt(10) > 0;
        for (String user : USERS) { // share the list with (most of) the others
            if (shared && !user.equals("ann") && random.nextInt(6) > 0) {
                creator.make(new EventBody.MemberAdded(user, random.nextInt(8) == 0 ? Role.VIEWER : Role.EDITOR));
            }
        }
        for (int i = random.nextInt(5); i > 0; i--) {
            creator.make(creator.stamper.add(null, "i" + nextItem++, words()));
        }
        if (random.nextInt(10) > 0) { // else the list is created only when its creator syncs, maybe after others
            push(creator);
            devices.forEach(this::pull);
        }
        int rounds = 1 + random.nextInt(2);
        for (int round = 0; round < rounds; round++) {
            int steps = 2 + random.nextInt(10);
            for (int step = 0; step < steps; step++) { // mostly offline: edits, now and then a sync
                time += 1 + random.nextInt(random.nextBoolean() ? 50 : 5000);
                Sim device = devices.get(random.nextInt(devices.size()));
                int what = random.nextInt(100);
                if (what < 85) {
                    edit(device);
                } else if (what < 95) {
                    push(device);
                } else {
                    pull(device);
                }
            }
            for (Sim device : shuffled()) { // the merge: everyone comes back online
                push(device);
            }
            devices.forEach(this::pull);
        }
        return List.copyOf(log);
    }

    private void edit(Sim device) {
        TodoList view = device.view;
        List<Item> shown = view.visibleItems();
        int kind = random.nextInt(100);
        if (!view.created() && kind < 90) {
            device.make(random.nextInt(4) == 0 ? new EventBody.ListCreated(words(), Policy.VECTOR)
                    : device.stamper.add(null, "i" + nextItem++, words()));
            return;
        }
        if (kind < 15 || shown.isEmpty()) {
            boolean reuse = !view.allItems().isEmpty() && random.nextInt(6) == 0; // re-add a known id
            String itemId = reuse ? pick(new ArrayList<>(view.allItems())).itemId() : "i" + nextItem++;
            EventBody.ItemAdded add = device.stamper.add(view.item(itemId), itemId, words());
            device.make(random.nextInt(10) == 0
                    ? new EventBody.ItemAdded(add.itemId(), add.title(), add.count(), add.vclock(), "note " + words())
                    : add);
        } else if (kind < 45) {
            device.make(device.stamper.rename(pick(shown), words()));
        } else if (kind < 62) {
            device.make(device.stamper.complete(pick(shown)));
        } else if (kind < 72) {
            device.make(device.stamper.reopen(pick(shown)));
        } else if (kind < 82) {
            device.make(device.stamper.delete(pick(shown)));
        } else if (kind < 87) {
            device.make(new EventBody.ListRenamed(words()));
        } else if (kind < 95) {
            String member = USERS[random.nextInt(USERS.length)];
            device.make(random.nextInt(3) == 0 ? new EventBody.MemberRemoved(member)
                    : new EventBody.MemberAdded(member, Role.values()[random.nextInt(3)]));
        } else if (kind < 98 || lostStores > 0) {
            device.make(new EventBody.ListCreated(words(), Policy.values()[random.nextInt(3)]));
        } else {
            lostStores++;
            device.lostStore = true; // the device lost its store: it numbers from 1 again
        }
    }

    private void push(Sim device) {
        List<ClientEvent> batch = new ArrayList<>(device.pending);
        device.pending.clear();
        if (batch.isEmpty()) {
            return;
        }
        String user = device.user;
        if (random.nextInt(40) == 0) { // someone else pushes under this device's clientId
            user = USERS[random.nextInt(USERS.length)];
        }
        if (batch.size() >= 2 && random.nextInt(12) == 0) { // a retry overtakes: the second event arrives first
            admit(device, user, batch.get(1));
        }
        for (ClientEvent event : batch) {
            admit(device, user, event);
            if (random.nextInt(15) == 0) { // a resend
                admit(device, user, device.sent.get(random.nextInt(device.sent.size())));
            }
        }
    }

    private void admit(Sim device, String user, ClientEvent event) {
        LogEntry entry = sequence.admit(device.clientId, user, serverMs += 1 + random.nextInt(40), event);
        device.sent.add(event);
        if (entry != null) {
            log.add(entry);
        }
    }

    private void pull(Sim device) {
        device.pull(log);
    }

    private List<Sim> shuffled() {
        List<Sim> order = new ArrayList<>(devices);
        java.util.Collections.shuffle(order, random);
        return order;
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private String words() {
        String title = WORDS[random.nextInt(WORDS.length)];
        return random.nextBoolean() ? title : title + " " + (1 + random.nextInt(99));
    }

    /** A simulated device: its own clock, numbering, queue and local fold (the pulled log plus its own unseen events). */
    private final class Sim {
        final String clientId;
        final String user;
        final HybridClock clock;
        final EditStamper stamper;
        final List<ClientEvent> pending = new ArrayList<>();
        final List<ClientEvent> unseen = new ArrayList<>();
        final List<ClientEvent> sent = new ArrayList<>();
        TodoList view;
        int pulled;
        long clientSeq;
        boolean lostStore;

        Sim(String clientId, String user, long clockOffset) {
            this.clientId = clientId;
            this.user = user;
            this.clock = new HybridClock(() -> time + clockOffset);
            this.stamper = new EditStamper(clientId);
            this.view = new TodoList(listId);
        }

        void make(EventBody body) {
            if (lostStore) {
                lostStore = false;
                clientSeq = 0;
            }
            Hlc at = clock.now();
            clientSeq++;
            String eventId = UUID.nameUUIDFromBytes((listId + "/" + clientId + "/" + clientSeq + "/" + at)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            ClientEvent event = new ClientEvent(eventId, clientSeq, at, body);
            pending.add(event);
            unseen.add(event);
            applyLocally(event);
        }

        void pull(List<LogEntry> log) {
            Set<String> seen = new HashSet<>();
            for (LogEntry entry : log.subList(pulled, log.size())) {
                if (entry instanceof LogEntry.Accepted a && !a.clientId().equals(clientId)) {
                    clock.receive(a.event().at());
                }
            }
            pulled = log.size();
            for (LogEntry entry : log) {
                if (entry.clientId().equals(clientId)) {
                    seen.add(entry.eventId());
                }
            }
            unseen.removeIf(e -> seen.contains(e.eventId()));
            view = TodoList.fold(listId, log);
            unseen.forEach(this::applyLocally);
        }

        private void applyLocally(ClientEvent event) {
            view.apply(new LogEntry.Accepted(view.listVersion() + 1, clientId, event.at().ms(), event, user));
        }
    }
}
