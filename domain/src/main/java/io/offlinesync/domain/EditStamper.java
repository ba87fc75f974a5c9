package io.offlinesync.domain;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the body of a device's next item edit with the {@code count} and {@code vclock} PROTOCOL.md asks
 * for, from the item's registers as the device folded them locally (its synced log plus its own events
 * not in the log yet). Shared by the client SDK and the simulated devices of the domain tests, so both
 * stamp the same way.
 */
public final class EditStamper {

    private final String clientId;

    public EditStamper(String clientId) {
        this.clientId = clientId;
    }

    /** {@code item} may be null (a new item) or a tombstone/known item (re-adding writes on top of it). */
    public EventBody.ItemAdded add(Item item, String itemId, String title) {
        Register<String> t = item == null ? Register.empty() : item.title();
        Register<Boolean> c = item == null ? Register.empty() : item.completed();
        return new EventBody.ItemAdded(itemId, title, bothCount(t, c), bothClock(t, c));
    }

    public EventBody.ItemRenamed rename(Item item, String title) {
        Register<String> t = item.title();
        return new EventBody.ItemRenamed(item.itemId(), title, EventBounds.next(maxCount(t)), ticked(merged(t)));
    }

    public EventBody.ItemCompleted complete(Item item) {
        Register<Boolean> c = item.completed();
        return new EventBody.ItemCompleted(item.itemId(), EventBounds.next(maxCount(c)), ticked(merged(c)));
    }

    public EventBody.ItemReopened reopen(Item item) {
        Register<Boolean> c = item.completed();
        return new EventBody.ItemReopened(item.itemId(), EventBounds.next(maxCount(c)), ticked(merged(c)));
    }

    /** Covers both registers: one count (the greater plus one) and the merged clock, own entry ticked. */
    public EventBody.ItemDeleted delete(Item item) {
        return new EventBody.ItemDeleted(item.itemId(), bothCount(item.title(), item.completed()),
                bothClock(item.title(), item.completed()));
    }

    private static long maxCount(Register<?> register) {
        return register.writes().stream().mapToLong(Write::count).max().orElse(0);
    }

    private static VClock merged(Register<?> register) {
        return register.writes().stream().map(Write::vclock).reduce(VClock.EMPTY, VClock::merge);
    }

    private static long bothCount(Register<?> a, Register<?> b) {
        return EventBounds.next(Math.max(maxCount(a), maxCount(b)));
    }

    private VClock bothClock(Register<?> a, Register<?> b) {
        return ticked(merged(a).merge(merged(b)));
    }

    /**
     * {@code clock} with this device's entry ticked, cut to {@link EventBounds#MAX_VCLOCK_ENTRIES} entries so
     * the gateway accepts it. Only a register some device wrote with a clock at the bound (honest lists stay
     * far below: they have at most the sequencer's {@code clients} limit of writers) gets cut: the smallest
     * entries go first (ties: the greatest clientId), this device's own entry never. The edit then no longer
     * dominates that write and is kept as its conflict sibling instead of replacing it: nothing is lost, and
     * every device that folds the log decides the same.
     */
    private VClock ticked(VClock clock) {
        VClock ticked = clock.tick(clientId);
        int excess = ticked.entries().size() - EventBounds.MAX_VCLOCK_ENTRIES;
        if (excess <= 0) {
            return ticked;
        }
        Map<String, Long> kept = new TreeMap<>(ticked.entries());
        ticked.entries().entrySet().stream()
                .filter(e -> !e.getKey().equals(clientId))
                .sorted(Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .limit(excess)
                .forEach(e -> kept.remove(e.getKey()));
        return new VClock(kept);
    }
}
