package io.offlinesync.domain.vectors;

import static io.offlinesync.domain.vectors.EventBodies.add;
import static io.offlinesync.domain.vectors.EventBodies.complete;
import static io.offlinesync.domain.vectors.EventBodies.created;
import static io.offlinesync.domain.vectors.EventBodies.delete;
import static io.offlinesync.domain.vectors.EventBodies.member;
import static io.offlinesync.domain.vectors.EventBodies.removed;
import static io.offlinesync.domain.vectors.EventBodies.rename;
import static io.offlinesync.domain.vectors.EventBodies.reopen;
import static io.offlinesync.domain.vectors.EventBodies.vc;

import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.EventBounds;
import io.offlinesync.domain.ListLimits;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.VClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hand-written fold vectors: one small log per rule of the fold (every event type, the three policies and
 * their tie-breaks, vector siblings and their resolution, deletes, every rejection reason, membership, unicode).
 * Most logs come from a real {@link io.offlinesync.domain.ListSequence} ({@link Script}); a few are written
 * entry by entry where the point is the fold's own guard (a replayed page).
 */
final class HandWrittenVectors {

    /** A named log of one list. */
    record Vector(String name, String listId, List<LogEntry> log) {}

    private HandWrittenVectors() {
    }

    static List<Vector> all() {
        List<Vector> out = new ArrayList<>();
        for (Policy policy : Policy.values()) {
            String p = policy.wireName();
            out.add(new Vector("every-event-type-" + p, "every-" + p, everyEventType(policy)));
            out.add(new Vector("concurrent-renames-" + p, "renames-" + p, concurrentRenames(policy)));
            out.add(new Vector("deletes-" + p, "deletes-" + p, deletes(policy)));
            out.add(new Vector("concurrent-adds-of-one-id-" + p, "adds-" + p, concurrentAdds(policy)));
        }
        out.add(new Vector("lww-tie-breaks", "lww-ties", lwwTieBreaks()));
        out.add(new Vector("counter-count-beats-stamp", "counter", counterBeatsStamp()));
        out.add(new Vector("vector-siblings-and-resolution", "siblings", vectorSiblings()));
        out.add(new Vector("vector-siblings-with-equal-values", "same-values", vectorEqualValues()));
        out.add(new Vector("vector-equal-clocks", "equal-clocks", vectorEqualClocks()));
        out.add(new Vector("list-renamed-lww", "list-title", listRenamed()));
        out.add(new Vector("notes", "notes", notes()));
        out.add(new Vector("unicode-titles", "unicode", unicode()));
        out.add(new Vector("rejected-unknown-list-then-created", "unknown", unknownList()));
        out.add(new Vector("rejections-only", "never-created", rejectionsOnly()));
        out.add(new Vector("rejected-list-exists", "exists", listExists()));
        out.add(new Vector("rejected-gap-and-duplicates", "gaps", gapsAndDuplicates()));
        out.add(new Vector("rejected-seq-reused", "reused", seqReused()));
        out.add(new Vector("membership-and-forbidden", "members", membership()));
        out.add(new Vector("rejected-foreign-client", "foreign", foreignClient()));
        out.add(new Vector("rejected-last-owner", "last-owner", lastOwner()));
        out.add(new Vector("rejected-list-limits", "limits", listLimits()));
        out.add(new Vector("batches-without-a-user-then-claimed", "claimed", claimed()));
        out.add(new Vector("replayed-page-is-ignored", "replayed", replayedPage()));
        out.add(new Vector("counters-at-the-bound", "bound", countersAtTheBound()));
        return out;
    }

    // ---- the cases ----

    private static List<LogEntry> everyEventType(Policy policy) {
        return new Script("every").push("ann-phone", "ann", 0, created("Groceries", policy))
                .push("ann-phone", "ann", 10, add("milk", "Milk", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 20, add("eggs", "Eggs", 1, vc("ann-phone", 2)))
                .push("ann-phone", "ann", 30, member("bob", Role.EDITOR))
                .push("bob-laptop", "bob", 40, rename("milk", "Oat milk", 2, vc("ann-phone", 1, "bob-laptop", 1)))
                .push("bob-laptop", "bob", 50, complete("milk", 2, vc("ann-phone", 1, "bob-laptop", 2)))
                .push("ann-phone", "ann", 60, complete("eggs", 2, vc("ann-phone", 3)))
                .push("ann-phone", "ann", 70, reopen("eggs", 3, vc("ann-phone", 4)))
                .push("bob-laptop", "bob", 80, add("tea", "Tea", 1, vc("bob-laptop", 3)))
                .push("bob-laptop", "bob", 90, delete("tea", 2, vc("bob-laptop", 4)))
                .push("ann-phone", "ann", 100, new EventBody.ListRenamed("Weekly groceries"))
                .push("ann-phone", "ann", 110, member("cat", Role.VIEWER))
                .push("ann-phone", "ann", 120, removed("cat"))
                .log();
    }

    /** Ann and Bob rename the same item offline: Bob's rename is stamped later, Ann's has the greater count. */
    private static List<LogEntry> concurrentRenames(Policy policy) {
        return new Script("renames").push("ann-phone", "ann", 0, created("Renames", policy))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("ann-phone", "ann", 20, add("milk", "Milk", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 1000, rename("milk", "Whole milk", 2, vc("ann-phone", 2)))
                .push("ann-phone", "ann", 1100, rename("milk", "Whole milk, 2 l", 3, vc("ann-phone", 3)))
                .push("bob-laptop", "bob", 5000, rename("milk", "Oat milk", 2, vc("ann-phone", 1, "bob-laptop", 1)))
                .push("bob-laptop", "bob", 5100, complete("milk", 2, vc("ann-phone", 1, "bob-laptop", 2)))
                .push("ann-phone", "ann", 900, reopen("milk", 2, vc("ann-phone", 4)))
                .log();
    }

    /** Deletion is final under every policy: later and concurrent edits, and a re-add, change nothing. */
    private static List<LogEntry> deletes(Policy policy) {
        return new Script("deletes").push("ann-phone", "ann", 0, created("Deletes", policy))
                .push("ann-phone", "ann", 10, member("bob", Role.OWNER))
                .push("ann-phone", "ann", 20, add("milk", "Milk", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 30, add("eggs", "Eggs", 1, vc("ann-phone", 2)))
                .push("ann-phone", "ann", 40, add("bread", "Bread", 1, vc("ann-phone", 3)))
                .push("ann-phone", "ann", 50, delete("milk", 2, vc("ann-phone", 4)))
                .push("bob-laptop", "bob", 9000, rename("milk", "Oat milk", 9, vc("ann-phone", 9, "bob-laptop", 9)))
                .push("bob-laptop", "bob", 9100, complete("milk", 9, vc("ann-phone", 9, "bob-laptop", 10)))
                .push("bob-laptop", "bob", 9200, add("milk", "Milk again", 10, vc("ann-phone", 9, "bob-laptop", 11)))
                .push("bob-laptop", "bob", 9300, delete("ghost", 1, vc("bob-laptop", 12)))
                .push("bob-laptop", "bob", 9400, add("ghost", "Ghost", 2, vc("bob-laptop", 13)))
                .push("bob-laptop", "bob", 9500, rename("never", "Never added", 1, vc("bob-laptop", 14)))
                .push("bob-laptop", "bob", 9600, complete("eggs", 2, vc("ann-phone", 2, "bob-laptop", 15)))
                .push("ann-phone", "ann", 60, delete("eggs", 2, vc("ann-phone", 5)))
                .log();
    }

    /** Two devices add an item with the same id, concurrently. */
    private static List<LogEntry> concurrentAdds(Policy policy) {
        return new Script("adds").push("ann-phone", "ann", 0, created("Adds", policy))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("bob-laptop", "bob", 500, add("x", "From Bob", 1, vc("bob-laptop", 1)))
                .push("ann-phone", "ann", 400, add("x", "From Ann", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 600, complete("x", 2, vc("ann-phone", 2)))
                .log();
    }

    /** lww: (at.ms, at.n, clientId) in that order, whatever the arrival order. */
    private static List<LogEntry> lwwTieBreaks() {
        return new Script("lww").push("ann-phone", "ann", 0, created("Ties", Policy.LWW))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("ann-phone", "ann", 100, add("a", "A", 1, vc("ann-phone", 1)))
                .push("bob-laptop", "bob", 200, 5, rename("a", "A by Bob, n=5", 2, vc("bob-laptop", 1)))
                .push("ann-phone", "ann", 200, 7, rename("a", "A by Ann, n=7", 2, vc("ann-phone", 2)))
                .push("bob-laptop", "bob", 200, 7, rename("a", "A by Bob, n=7", 3, vc("bob-laptop", 2)))
                .push("ann-phone", "ann", 199, 99, rename("a", "A earlier ms", 9, vc("ann-phone", 9)))
                .push("ann-phone", "ann", 300, add("b", "B", 1, vc("ann-phone", 10)))
                .push("bob-laptop", "bob", 300, 0, complete("b", 1, vc("bob-laptop", 3)))
                .push("ann-phone", "ann", 300, 0, reopen("b", 1, vc("ann-phone", 11)))
                .log();
    }

    /** counter: the greater count wins even when stamped earlier; equal counts fall back to the stamp. */
    private static List<LogEntry> counterBeatsStamp() {
        return new Script("counter").push("ann-phone", "ann", 0, created("Counter", Policy.COUNTER))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("ann-phone", "ann", 20, add("a", "A", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 30, rename("a", "A2", 2, vc("ann-phone", 2)))
                .push("ann-phone", "ann", 40, rename("a", "A3", 3, vc("ann-phone", 3)))
                .push("bob-laptop", "bob", 9000, rename("a", "Bob late, count 2", 2, vc("ann-phone", 1, "bob-laptop", 1)))
                .push("bob-laptop", "bob", 9100, rename("a", "Bob, count 3, later", 3, vc("ann-phone", 2, "bob-laptop", 2)))
                .push("ann-phone", "ann", 50, add("b", "B", 1, vc("ann-phone", 4)))
                .push("bob-laptop", "bob", 40, complete("b", 2, vc("ann-phone", 4, "bob-laptop", 3)))
                .push("ann-phone", "ann", 9999, reopen("b", 2, vc("ann-phone", 5)))
                .log();
    }

    /** vector: concurrent writes kept as siblings, a dominated write superseded, a dominating write resolving. */
    private static List<LogEntry> vectorSiblings() {
        return new Script("siblings").push("ann-phone", "ann", 0, created("Siblings", Policy.VECTOR))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("ann-phone", "ann", 20, member("cat", Role.EDITOR))
                .push("ann-phone", "ann", 30, add("milk", "Milk", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 40, add("eggs", "Eggs", 1, vc("ann-phone", 2)))
                // three-way title conflict on milk
                .push("ann-phone", "ann", 1000, rename("milk", "Whole milk", 2, vc("ann-phone", 3)))
                .push("bob-laptop", "bob", 2000, rename("milk", "Oat milk", 2, vc("ann-phone", 1, "bob-laptop", 1)))
                .push("cat-tab", "cat", 500, rename("milk", "Soy milk", 2, vc("ann-phone", 1, "cat-tab", 1)))
                // a write Bob had already seen superseded: dominated, dropped
                .push("bob-laptop", "bob", 100, rename("milk", "Milk (old)", 1, vc("ann-phone", 1)))
                // completed conflict on eggs: done on one device, reopened on the other
                .push("ann-phone", "ann", 3000, complete("eggs", 2, vc("ann-phone", 4)))
                .push("bob-laptop", "bob", 2500, complete("eggs", 2, vc("ann-phone", 2, "bob-laptop", 2)))
                .push("cat-tab", "cat", 2600, reopen("eggs", 2, vc("ann-phone", 2, "cat-tab", 2)))
                .push("ann-phone", "ann", 3100, add("bread", "Bread", 1, vc("ann-phone", 5)))
                .push("bob-laptop", "bob", 3200, rename("bread", "Rye bread", 2, vc("ann-phone", 5, "bob-laptop", 3)))
                .push("cat-tab", "cat", 3300, rename("bread", "Wheat bread", 2, vc("ann-phone", 5, "cat-tab", 3)))
                // Ann resolves bread's title: her clock dominates both siblings
                .push("ann-phone", "ann", 4000, rename("bread", "Sourdough", 3,
                        vc("ann-phone", 6, "bob-laptop", 3, "cat-tab", 3)))
                .log();
    }

    /** vector: concurrent writes of the same value are siblings but no conflict. */
    private static List<LogEntry> vectorEqualValues() {
        return new Script("same").push("ann-phone", "ann", 0, created("Same", Policy.VECTOR))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("ann-phone", "ann", 20, add("a", "A", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 30, rename("a", "Same", 2, vc("ann-phone", 2)))
                .push("bob-laptop", "bob", 40, rename("a", "Same", 2, vc("ann-phone", 1, "bob-laptop", 1)))
                .push("ann-phone", "ann", 50, complete("a", 2, vc("ann-phone", 3)))
                .push("bob-laptop", "bob", 60, complete("a", 2, vc("ann-phone", 1, "bob-laptop", 2)))
                .log();
    }

    /** vector: a device that reuses a clock; equal clocks are ordered by stamp. */
    private static List<LogEntry> vectorEqualClocks() {
        return new Script("equal").push("ann-phone", "ann", 0, created("Equal clocks", Policy.VECTOR))
                .push("ann-phone", "ann", 10, add("a", "A", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 30, rename("a", "Later stamp", 2, vc("ann-phone", 2)))
                .push("ann-phone", "ann", 20, rename("a", "Earlier stamp", 2, vc("ann-phone", 2)))
                .log();
    }

    private static List<LogEntry> listRenamed() {
        return new Script("title").push("ann-phone", "ann", 0, created("First", Policy.LWW))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("bob-laptop", "bob", 500, new EventBody.ListRenamed("Bob's, later"))
                .push("ann-phone", "ann", 400, new EventBody.ListRenamed("Ann's, earlier"))
                .push("ann-phone", "ann", 500, new EventBody.ListRenamed("Ann's, same ms, smaller clientId"))
                .push("cat-tab", null, 1, 0, new EventBody.ListRenamed("no user, stamped before the list"))
                .log();
    }

    private static List<LogEntry> notes() {
        return new Script("notes").push("ann-phone", "ann", 0, created("Notes", Policy.LWW))
                .push("ann-phone", "ann", 10, new EventBody.ItemAdded("a", "With a note", 1, vc("ann-phone", 1),
                        "Ask for the organic one ✓"))
                .push("ann-phone", "ann", 20, new EventBody.ItemAdded("b", "Empty note", 1, vc("ann-phone", 2), ""))
                .log();
    }

    private static List<LogEntry> unicode() {
        String longTitle = "ü".repeat(250) + "😀".repeat(250); // 500 code points, 1,500 UTF-8 bytes
        return new Script("unicode").push("ann-phone", "ann", 0, created("Einkäufe 🛒 — 日本語", Policy.VECTOR))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("ann-phone", "ann", 20, add("a", "Crème brûlée", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 30, add("b", "牛乳 と 卵", 1, vc("ann-phone", 2)))
                .push("ann-phone", "ann", 40, add("c", "שלום עולם", 1, vc("ann-phone", 3)))
                .push("ann-phone", "ann", 50, add("d", "e\u0301 (combining) and \u00e9 (precomposed)", 1, vc("ann-phone", 4)))
                .push("ann-phone", "ann", 60, add("e", "quotes \" and \\ backslash 1:2;3", 1, vc("ann-phone", 5)))
                .push("ann-phone", "ann", 70, add("f", longTitle, 1, vc("ann-phone", 6)))
                .push("ann-phone", "ann", 80, add("g", "𝄞 music", 1, vc("ann-phone", 7)))
                // a conflict whose values sort differently by code unit and by code point
                .push("ann-phone", "ann", 90, rename("g", "\uFF21 fullwidth", 2, vc("ann-phone", 8)))
                .push("bob-laptop", "bob", 95, rename("g", "𝄞 astral", 2, vc("ann-phone", 7, "bob-laptop", 1)))
                .push("bob-laptop", "bob", 96, rename("a", "Zebra 🦓", 2, vc("ann-phone", 1, "bob-laptop", 2)))
                .push("ann-phone", "ann", 97, rename("a", "apple 🍎", 2, vc("ann-phone", 9)))
                .log();
    }

    private static List<LogEntry> unknownList() {
        return new Script("unknown").push("bob-laptop", "bob", 0, add("a", "Too early", 1, vc("bob-laptop", 1)))
                .push("ann-phone", "ann", 10, created("Created after", Policy.LWW))
                .push("ann-phone", "ann", 20, add("a", "A", 1, vc("ann-phone", 1)))
                .log();
    }

    private static List<LogEntry> rejectionsOnly() {
        return new Script("never").push("bob-laptop", "bob", 0, add("a", "A", 1, vc("bob-laptop", 1)))
                .push("bob-laptop", "bob", 10, new EventBody.ListRenamed("No list"))
                .pushAt("cat-tab", "cat", 3, 20, 0, add("b", "B", 1, vc("cat-tab", 1)))
                .log();
    }

    private static List<LogEntry> listExists() {
        return new Script("exists").push("ann-phone", "ann", 0, created("Ann's", Policy.VECTOR))
                .push("bob-laptop", "bob", 5, created("Bob's", Policy.LWW))
                .push("ann-phone", "ann", 10, created("Ann's again", Policy.COUNTER))
                .push("ann-phone", "ann", 20, add("a", "A", 1, vc("ann-phone", 1)))
                .log();
    }

    private static List<LogEntry> gapsAndDuplicates() {
        return new Script("gaps").push("ann-phone", "ann", 0, created("Gaps", Policy.LWW))
                .push("ann-phone", "ann", 10, add("a", "A", 1, vc("ann-phone", 1)))
                .pushAt("ann-phone", "ann", 5, 30, 0, add("c", "C, sent too early", 1, vc("ann-phone", 3)))
                .push("ann-phone", "ann", 20, add("b", "B", 1, vc("ann-phone", 2)))
                .resend(1, "ann-phone", "ann")
                .resend(0, "ann-phone", "ann")
                .push("ann-phone", "ann", 40, complete("a", 2, vc("ann-phone", 4)))
                .log();
    }

    private static List<LogEntry> seqReused() {
        return new Script("reused").push("ann-phone", "ann", 0, created("Reused", Policy.LWW))
                .push("ann-phone", "ann", 10, add("a", "A", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 20, add("b", "B", 1, vc("ann-phone", 2)))
                .pushAt("ann-phone", "ann", 2, 30, 0, add("c", "C, after a lost store", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 40, add("d", "D", 1, vc("ann-phone", 3)))
                .log();
    }

    private static List<LogEntry> membership() {
        return new Script("members").push("ann-phone", "ann", 0, created("Shared", Policy.LWW))
                .push("dan-tab", "dan", 5, add("x", "Not a member", 1, vc("dan-tab", 1)))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("ann-phone", "ann", 20, member("cat", Role.VIEWER))
                .push("bob-laptop", "bob", 30, add("a", "By an editor", 1, vc("bob-laptop", 1)))
                .push("cat-tab", "cat", 40, add("b", "By a viewer", 1, vc("cat-tab", 1)))
                .push("bob-laptop", "bob", 50, member("dan", Role.EDITOR))
                .push("bob-laptop", "bob", 55, new EventBody.ListRenamed("Renamed by an editor"))
                .push("ann-phone", "ann", 60, member("cat", Role.EDITOR))
                .push("cat-tab", "cat", 70, add("c", "Cat, now an editor", 1, vc("cat-tab", 2)))
                .push("ann-phone", "ann", 80, member("cat", Role.EDITOR))
                .push("ann-phone", "ann", 90, removed("bob"))
                .push("bob-laptop", "bob", 100, rename("a", "Bob, removed", 2, vc("bob-laptop", 2)))
                .push("ann-phone", "ann", 110, removed("nobody"))
                .push("ann-phone", "ann", 120, member("cat", Role.OWNER))
                .push("cat-tab", "cat", 130, member("ann", Role.VIEWER))
                .push("ann-phone", "ann", 140, rename("c", "Ann, a viewer now", 2, vc("ann-phone", 1, "cat-tab", 2)))
                .log();
    }

    private static List<LogEntry> foreignClient() {
        return new Script("foreign").push("ann-phone", "ann", 0, created("Foreign", Policy.LWW))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("ann-phone", "ann", 20, add("b", "B", 1, vc("ann-phone", 1)))
                // last, so that clientSeqs shows it did not move Ann's device's number
                .pushAt("ann-phone", "bob", 4, 30, 0, add("a", "Bob under Ann's clientId", 1, vc("ann-phone", 2)))
                .log();
    }

    private static List<LogEntry> lastOwner() {
        return new Script("last").push("ann-phone", "ann", 0, created("Last owner", Policy.LWW))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("ann-phone", "ann", 20, removed("ann"))
                .push("ann-phone", "ann", 30, member("ann", Role.EDITOR))
                .push("ann-phone", "ann", 40, member("bob", Role.OWNER))
                .push("ann-phone", "ann", 50, member("ann", Role.EDITOR))
                .push("bob-laptop", "bob", 60, removed("bob"))
                .log();
    }

    private static List<LogEntry> listLimits() {
        ListLimits small = new ListLimits(3, 2, 4096, 2);
        return new Script("limits", small).push("ann-phone", "ann", 0, created("Small", Policy.LWW))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("ann-phone", "ann", 20, member("cat", Role.EDITOR))
                .push("ann-phone", "ann", 30, add("a", "A", 1, vc("ann-phone", 1)))
                .push("bob-laptop", "bob", 40, add("b", "B", 1, vc("bob-laptop", 1)))
                .push("bob-laptop", "bob", 50, add("c", "One item too many", 1, vc("bob-laptop", 2)))
                .push("bob-tab", "bob", 60, rename("a", "From a third client", 2, vc("ann-phone", 1, "bob-tab", 1)))
                .push("bob-phone", "bob", 70, rename("a", "A fourth client", 3, vc("ann-phone", 1, "bob-phone", 1)))
                .push("ann-phone", "ann", 80, rename("b", "x".repeat(500), 2, vc("ann-phone", 2, "bob-laptop", 1)))
                .push("ann-phone", "ann", 90, rename("b", "🦓".repeat(500), 3, vc("ann-phone", 3, "bob-laptop", 1)))
                .push("ann-phone", "ann", 100, rename("a", "🦓".repeat(500), 3, vc("ann-phone", 4, "bob-tab", 1)))
                .log();
    }

    private static List<LogEntry> claimed() {
        return new Script("claimed").push("old-device", null, 0, created("Before membership", Policy.COUNTER))
                .push("old-device", null, 10, add("a", "A", 1, vc("old-device", 1)))
                .push("other-device", null, 20, member("nobody", Role.VIEWER))
                .push("bob-laptop", "bob", 30, rename("a", "Bob claims the list", 2, vc("old-device", 1, "bob-laptop", 1)))
                .push("cat-tab", "cat", 40, add("b", "Cat is not a member", 1, vc("cat-tab", 1)))
                .push("old-device", null, 50, add("c", "No user: as before membership", 1, vc("old-device", 2)))
                .log();
    }

    /** An overlapping catch-up page folded again: entries at or below the list's version are ignored. */
    private static List<LogEntry> replayedPage() {
        List<LogEntry> log = new Script("replayed").push("ann-phone", "ann", 0, created("Replayed", Policy.LWW))
                .push("ann-phone", "ann", 10, add("a", "A", 1, vc("ann-phone", 1)))
                .push("ann-phone", "ann", 20, rename("a", "A2", 2, vc("ann-phone", 2)))
                .push("ann-phone", "ann", 30, add("b", "B", 1, vc("ann-phone", 3)))
                .log();
        List<LogEntry> pages = new ArrayList<>(log.subList(0, 3));
        pages.addAll(log.subList(1, 4));
        return pages;
    }

    /** Counts and clock entries at 2^53 (the bound a hostile device can put them at): ties fall back to the stamp. */
    private static List<LogEntry> countersAtTheBound() {
        long max = EventBounds.MAX_COUNTER;
        return new Script("bound").push("ann-phone", "ann", 0, created("Bound", Policy.COUNTER))
                .push("ann-phone", "ann", 10, member("bob", Role.EDITOR))
                .push("ann-phone", "ann", 20, add("a", "A", max, vc("ann-phone", max)))
                .push("bob-laptop", "bob", 30, rename("a", "Bob at the bound", max, vc("ann-phone", max, "bob-laptop", 1)))
                .push("ann-phone", "ann", 25, rename("a", "Ann at the bound, earlier", max, vc("ann-phone", max)))
                .log();
    }
}
