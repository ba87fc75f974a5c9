package io.offlinesync.domain;

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
        return new EventBody.ItemRenamed(item.itemId(), title, EventBounds.next(maxCount(t)), merged(t).tick(clientId));
    }

    public EventBody.ItemCompleted complete(Item item) {
        Register<Boolean> c = item.completed();
        return new EventBody.ItemCompleted(item.itemId(), EventBounds.next(maxCount(c)), merged(c).tick(clientId));
    }

    public EventBody.ItemReopened reopen(Item item) {
        Register<Boolean> c = item.completed();
        return new EventBody.ItemReopened(item.itemId(), EventBounds.next(maxCount(c)), merged(c).tick(clientId));
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
        return merged(a).merge(merged(b)).tick(clientId);
    }
}
