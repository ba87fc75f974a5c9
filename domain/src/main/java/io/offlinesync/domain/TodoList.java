package io.offlinesync.domain;

import io.offlinesync.domain.EventBody.ItemAdded;
import io.offlinesync.domain.EventBody.ItemCompleted;
import io.offlinesync.domain.EventBody.ItemDeleted;
import io.offlinesync.domain.EventBody.ItemEvent;
import io.offlinesync.domain.EventBody.ItemRenamed;
import io.offlinesync.domain.EventBody.ItemReopened;
import io.offlinesync.domain.EventBody.ListCreated;
import io.offlinesync.domain.EventBody.ListRenamed;
import io.offlinesync.domain.EventBody.MemberEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A list's state, derived by folding its log (projection v1's derivation function). The same code runs
 * on the server and on devices, so the same log prefix gives the same state everywhere. Mutable for
 * speed: folding copies nothing per event but the touched item.
 *
 * <p>Its {@link #members()} come from the log as the sequencer decided it: every accepted entry of the created
 * list (its ListCreated included) is applied to a {@link Membership}, the same code the sequencer decides with.
 */
public final class TodoList {

    private final String listId;
    private final Policy policyOverride;
    private boolean created;
    private String title;
    private Stamp titleStamp;
    private Policy policy = Policy.LWW;
    private long listVersion;
    private long foldedEntries;
    private final Map<String, Long> clientSeqs = new TreeMap<>();
    private final LinkedHashMap<String, Item> items = new LinkedHashMap<>();
    private Membership membership = new Membership();

    public TodoList(String listId) {
        this.listId = listId;
        this.policyOverride = null;
    }

    /**
     * An empty list that folds every register under {@code policyOverride} whatever its ListCreated says
     * (the what-if fold). Everything else (deletion, list title, versions) folds as usual.
     */
    public TodoList(String listId, Policy policyOverride) {
        this.listId = listId;
        this.policyOverride = Objects.requireNonNull(policyOverride, "policyOverride");
        this.policy = policyOverride;
    }

    /**
     * Rebuilds a list from stored fields (a snapshot); items must be in their first-added order. {@code members}
     * is empty for a state stored before membership (and for a list created without a user).
     */
    public static TodoList restore(String listId, boolean created, String title, Stamp titleStamp, Policy policy,
                                   long listVersion, long foldedEntries, Map<String, Long> clientSeqs,
                                   Collection<Item> items, Map<String, Role> members) {
        TodoList list = new TodoList(listId);
        list.membership = new Membership(members);
        list.created = created;
        list.title = title;
        list.titleStamp = titleStamp;
        list.policy = policy;
        list.listVersion = listVersion;
        list.foldedEntries = foldedEntries;
        list.clientSeqs.putAll(clientSeqs);
        items.forEach(item -> list.items.put(item.itemId(), item));
        return list;
    }

    public static TodoList fold(String listId, Iterable<? extends LogEntry> entries) {
        TodoList list = new TodoList(listId);
        entries.forEach(list::apply);
        return list;
    }

    /**
     * The item a list's fold holds after {@code entry}, an accepted event on {@code itemId}, given the item
     * before it ({@code null}: unknown to the list) and the list's policy: the same rules as folding the whole
     * list, on one item. Returns {@code item} itself when the entry changes nothing, null when the list still
     * does not know the item (an edit of an item never added).
     */
    public static Item foldItem(Item item, Policy policy, LogEntry.Accepted entry) {
        if (!(entry.event().body() instanceof ItemEvent event)) {
            throw new IllegalArgumentException("not an item event: " + entry.event().body().type());
        }
        TodoList one = new TodoList("");
        one.created = true;
        one.policy = policy;
        one.listVersion = entry.listVersion() - 1;
        if (item != null) {
            one.items.put(item.itemId(), item);
        }
        one.apply(entry);
        return one.items.get(event.itemId());
    }

    /**
     * What-if: the state {@code entries} fold to when every register follows {@code policy}, the
     * ListCreated's own policy ignored. Nothing is changed; {@link #policy()} of the result is
     * {@code policy}.
     */
    public static TodoList fold(String listId, Iterable<? extends LogEntry> entries, Policy policy) {
        TodoList list = new TodoList(listId, policy);
        entries.forEach(list::apply);
        return list;
    }

    /**
     * The itemIds whose visible fields differ between two states of a list: shown in one and not the
     * other, or shown in both with a different title, completed flag or conflicts. In {@code a}'s item
     * order, then the items only {@code b} knows in {@code b}'s order. Hidden items (deleted, never
     * added) are compared by their absence only.
     */
    public static List<String> differingItems(TodoList a, TodoList b) {
        List<String> differing = new ArrayList<>();
        for (Item item : a.items.values()) {
            if (!sameVisibleFields(item, b.items.get(item.itemId()))) {
                differing.add(item.itemId());
            }
        }
        for (Item item : b.items.values()) {
            if (!a.items.containsKey(item.itemId()) && item.visible()) {
                differing.add(item.itemId());
            }
        }
        return List.copyOf(differing);
    }

    private static boolean sameVisibleFields(Item x, Item y) {
        boolean xShown = x != null && x.visible();
        boolean yShown = y != null && y.visible();
        if (!xShown || !yShown) {
            return xShown == yShown;
        }
        return x.title().value().equals(y.title().value())
                && x.completed().value().equals(y.completed().value())
                && x.conflicts().equals(y.conflicts());
    }

    /**
     * Folds one entry. Entries at or below the current listVersion were folded already and are
     * ignored, so replaying an overlapping page is harmless. Returns whether the entry was folded.
     */
    public boolean apply(LogEntry entry) {
        if (entry.listVersion() <= listVersion) {
            return false;
        }
        listVersion = entry.listVersion();
        foldedEntries++;
        if (entry.consumesClientSeq()) {
            clientSeqs.put(entry.clientId(), entry.clientSeq());
        }
        if (entry instanceof LogEntry.Accepted accepted) {
            applyEvent(accepted);
        }
        return true;
    }

    private void applyEvent(LogEntry.Accepted entry) {
        ClientEvent event = entry.event();
        Stamp stamp = new Stamp(event.at(), entry.clientId());
        switch (event.body()) {
            case ListCreated c -> {
                if (!created) {
                    created = true;
                    title = c.title();
                    titleStamp = stamp;
                    policy = policyOverride != null ? policyOverride : c.policy();
                    membership.apply(entry.userId(), c);
                }
            }
            case ListRenamed r -> {
                if (created) {
                    membership.apply(entry.userId(), r);
                    if (stamp.compareTo(titleStamp) > 0) {
                        title = r.title();
                        titleStamp = stamp;
                    }
                }
            }
            case MemberEvent m -> {
                if (created) {
                    membership.apply(entry.userId(), m);
                }
            }
            case ItemEvent e -> {
                if (created) {
                    membership.apply(entry.userId(), e);
                    Item before = items.get(e.itemId());
                    applyItemEvent(e, stamp, entry.listVersion());
                    Item after = items.get(e.itemId());
                    if (after != null && after != before) { // written (a new Item), not ignored
                        items.put(e.itemId(), after.writtenAt(entry.serverMs()));
                    }
                }
            }
        }
    }

    private void applyItemEvent(ItemEvent event, Stamp stamp, long version) {
        Item item = items.get(event.itemId());
        if (item != null && item.deleted()) {
            return; // a tombstone is final: later writes stay in the log and change nothing
        }
        switch (event) {
            case ItemAdded a -> {
                Item base = item != null ? item
                        : new Item(a.itemId(), version, null, Register.empty(), Register.empty());
                items.put(a.itemId(), base
                        .withTitle(base.title().write(policy, write(a.title(), stamp, a, version)))
                        .withCompleted(base.completed().write(policy, write(false, stamp, a, version))));
            }
            case ItemRenamed r -> {
                if (item != null) {
                    items.put(r.itemId(), item.withTitle(item.title().write(policy, write(r.title(), stamp, r, version))));
                }
            }
            case ItemCompleted c -> {
                if (item != null) {
                    items.put(c.itemId(), item.withCompleted(item.completed().write(policy, write(true, stamp, c, version))));
                }
            }
            case ItemReopened r -> {
                if (item != null) {
                    items.put(r.itemId(), item.withCompleted(item.completed().write(policy, write(false, stamp, r, version))));
                }
            }
            case ItemDeleted d -> {
                Item base = item != null ? item
                        : new Item(d.itemId(), 0, null, Register.empty(), Register.empty());
                items.put(d.itemId(), base.deletedAt(version));
            }
        }
    }

    private static <T> Write<T> write(T value, Stamp stamp, ItemEvent event, long version) {
        return new Write<>(value, stamp, event.count(), event.vclock(), version);
    }

    public String listId() {
        return listId;
    }

    /** Whether a ListCreated was accepted; until then the list has a log but no state to show. */
    public boolean created() {
        return created;
    }

    public String title() {
        return title;
    }

    public Stamp titleStamp() {
        return titleStamp;
    }

    /** The policy the registers are folded under: the ListCreated's, or the what-if override. */
    public Policy policy() {
        return policy;
    }

    /** The policy this state was folded under instead of the ListCreated's, or null for the real fold. */
    public Policy policyOverride() {
        return policyOverride;
    }

    public long listVersion() {
        return listVersion;
    }

    public long foldedEntries() {
        return foldedEntries;
    }

    public Map<String, Long> clientSeqs() {
        return java.util.Collections.unmodifiableSortedMap((TreeMap<String, Long>) clientSeqs); // sorted: stable JSON
    }

    /** The list's members, user id -> role, by user id (empty for a list created without a user, until claimed). */
    public Map<String, Role> members() {
        return membership.members();
    }

    /** The user's role on the list, or null when the user is not a member. */
    public Role roleOf(String userId) {
        return membership.roleOf(userId);
    }

    /** Every item the list knows, tombstones included, in first-added order. */
    public Collection<Item> allItems() {
        return java.util.Collections.unmodifiableCollection(items.values());
    }

    /** Items shown to users: added, not deleted, in the order they were first added. */
    public List<Item> visibleItems() {
        return items.values().stream().filter(Item::visible).toList();
    }

    public Item item(String itemId) {
        return items.get(itemId);
    }
}
