package io.offlinesync.examples.archive;

import static io.offlinesync.examples.archive.LogScript.DAY;
import static io.offlinesync.domain.vectors.EventBodies.add;
import static io.offlinesync.domain.vectors.EventBodies.complete;
import static io.offlinesync.domain.vectors.EventBodies.created;
import static io.offlinesync.domain.vectors.EventBodies.delete;
import static io.offlinesync.domain.vectors.EventBodies.member;
import static io.offlinesync.domain.vectors.EventBodies.rename;
import static io.offlinesync.domain.vectors.EventBodies.renamedList;
import static io.offlinesync.domain.vectors.EventBodies.reopen;
import static io.offlinesync.domain.vectors.EventBodies.vc;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One small log per rule of projection v3 (the archive rule, its log time, and the fold's conflict rules under it).
 * {@link ArchiveProjectionTest} asserts what each one means; the archive vectors carry them, with their views, to
 * the TypeScript port. Ann (ann-phone) owns every list; Bob (bob-laptop) edits, Cat (cat-tab) only views.
 */
final class HandWrittenArchiveLogs {

    /** A named log of one list. */
    record Named(String name, String listId, List<LogEntry> log) {}

    static final String ANN = "ann-phone";
    static final String BOB = "bob-laptop";
    static final String CAT = "cat-tab";

    private HandWrittenArchiveLogs() {
    }

    static List<Named> all() {
        List<Named> out = new ArrayList<>();
        named(out, "archived-after-exactly-7-days", HandWrittenArchiveLogs::sevenDays);
        named(out, "a-millisecond-short-of-7-days", HandWrittenArchiveLogs::oneMillisecondShort);
        named(out, "a-list-nobody-writes-to-keeps-its-view", HandWrittenArchiveLogs::quietList);
        named(out, "reopen-brings-it-back-and-the-later-completion-counts", HandWrittenArchiveLogs::reopened);
        named(out, "completed-again-while-done-keeps-the-first-time", HandWrittenArchiveLogs::completedTwice);
        named(out, "delete-removes-done-and-archived-items", HandWrittenArchiveLogs::deletes);
        named(out, "rejected-entries-move-log-time", HandWrittenArchiveLogs::rejectedMoveLogTime);
        named(out, "never-created-only-rejections", HandWrittenArchiveLogs::neverCreated);
        named(out, "server-clock-going-back-keeps-log-time", HandWrittenArchiveLogs::clockGoesBack);
        named(out, "lww-an-older-complete-loses", HandWrittenArchiveLogs::lwwOlderCompleteLoses);
        named(out, "counter-a-lower-count-loses", HandWrittenArchiveLogs::counterLowerCountLoses);
        named(out, "vector-conflict-done-wins-then-resolved", HandWrittenArchiveLogs::vectorDoneWins);
        named(out, "vector-conflict-reopen-wins", HandWrittenArchiveLogs::vectorReopenWins);
        named(out, "vector-title-conflict-in-items-and-archived", HandWrittenArchiveLogs::vectorTitleConflict);
        named(out, "renaming-a-done-item-keeps-its-time", HandWrittenArchiveLogs::renameDone);
        named(out, "archived-newest-first-then-by-item-id", HandWrittenArchiveLogs::archivedOrder);
        named(out, "re-adding-a-done-item-reopens-it", HandWrittenArchiveLogs::reAdded);
        named(out, "unknown-and-deleted-items-stay-out", HandWrittenArchiveLogs::unknownAndDeleted);
        named(out, "replayed-page-is-ignored", HandWrittenArchiveLogs::replayedPage);
        named(out, "members-and-list-title", HandWrittenArchiveLogs::membersAndTitle);
        named(out, "a-month-of-groceries", HandWrittenArchiveLogs::month);
        return out;
    }

    private static void named(List<Named> out, String name, Supplier<LogScript> script) {
        LogScript s = script.get();
        out.add(new Named(name, s.listId(), s.log()));
    }

    /** Ann's list with milk and eggs (T0 .. T0+2 ms), owned by ann; {@code policy} as given. */
    static LogScript groceries(String listId, Policy policy) {
        return new LogScript(listId).at(0)
                .push(ANN, "ann", created("Groceries", policy))
                .push(ANN, "ann", add("milk", "Milk", 1, vc(ANN, 1)))
                .push(ANN, "ann", add("eggs", "Eggs", 1, vc(ANN, 2)));
    }

    /** Milk done at T0+10; an entry exactly 7 days later archives it. */
    static LogScript sevenDays() {
        return groceries("seven-days", Policy.LWW)
                .at(10).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)))
                .at(10 + 7 * DAY).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 4)));
    }

    /** As {@link #sevenDays}, the later entry one millisecond short of 7 days: milk stays in items. */
    static LogScript oneMillisecondShort() {
        return groceries("short", Policy.LWW)
                .at(10).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)))
                .at(10 + 7 * DAY - 1).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 4)));
    }

    /** Milk done, then nothing more is written: however long ago, the view stays (log time does not move). */
    static LogScript quietList() {
        return groceries("quiet", Policy.LWW)
                .at(10).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)));
    }

    /**
     * Milk done on day 0 and archived on day 8; reopened on day 9 (back in items), done again on day 10: its time is
     * day 10's, so it is archived again on day 17, not on day 16.
     */
    static LogScript reopened() {
        return groceries("reopened", Policy.LWW)
                .day(0.5).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)))
                .day(8).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 4)))
                .day(9).push(ANN, "ann", reopen("milk", 3, vc(ANN, 5)))
                .day(10).push(ANN, "ann", complete("milk", 4, vc(ANN, 6)))
                .day(16.5).push(ANN, "ann", add("jam", "Jam", 1, vc(ANN, 7)))
                .day(17).push(ANN, "ann", add("oil", "Oil", 1, vc(ANN, 8)));
    }

    /** Milk done on day 0 and done again (a second ItemCompleted) on day 5: still done, it keeps day 0's time. */
    static LogScript completedTwice() {
        return groceries("twice", Policy.LWW)
                .at(10).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)))
                .day(5).push(ANN, "ann", complete("milk", 3, vc(ANN, 4)))
                .at(10 + 7 * DAY).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 4)));
    }

    /** Milk archived, eggs done but not yet: deleting both removes them from every section. */
    static LogScript deletes() {
        return groceries("deletes", Policy.LWW)
                .day(0.1).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)))
                .day(6).push(ANN, "ann", complete("eggs", 2, vc(ANN, 4)))
                .day(8).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 5)))
                .push(ANN, "ann", delete("milk", 3, vc(ANN, 6)))
                .push(ANN, "ann", delete("eggs", 3, vc(ANN, 7)));
    }

    /** Milk done on day 0; a week later only rejected entries arrive (a viewer's edit, a gap): milk is archived. */
    static LogScript rejectedMoveLogTime() {
        return groceries("rejected", Policy.LWW)
                .push(ANN, "ann", member("cat", Role.VIEWER))
                .at(10).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)))
                .day(7).push(CAT, "cat", complete("eggs", 2, vc(CAT, 1)))
                .day(7.5).pushAt(ANN, "ann", 9, LogScript.T0 + 7 * DAY, add("tea", "Tea", 1, vc(ANN, 9)));
    }

    /** A list that is never created: its entries are all rejected (unknown-list), yet log time follows them. */
    static LogScript neverCreated() {
        return new LogScript("never").at(0)
                .push(BOB, "bob", add("milk", "Milk", 1, vc(BOB, 1)))
                .day(3).push(BOB, "bob", complete("milk", 2, vc(BOB, 2)));
    }

    /**
     * serverMs is a gateway's wall clock and may go back: log time keeps the greatest. Milk done on day 0 is
     * archived on day 8; eggs, done by an entry of serverMs day 1 after it, is archived at once (7 days before log
     * time); tea, done by an entry of serverMs day 1.5, is not (6.5 days).
     */
    static LogScript clockGoesBack() {
        return groceries("clock-back", Policy.LWW)
                .at(10).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)))
                .day(8).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 4)))
                .day(1).push(ANN, "ann", complete("eggs", 2, vc(ANN, 5)))
                .day(1.5).stamped(ANN, "ann", LogScript.T0 + 8 * DAY + 100, complete("tea", 2, vc(ANN, 6)));
    }

    /** Under lww Bob's complete, stamped by a clock behind the milk's ItemAdded, loses: milk is not done. */
    static LogScript lwwOlderCompleteLoses() {
        return new LogScript("lww").at(0)
                .push(ANN, "ann", created("Groceries", Policy.LWW))
                .push(ANN, "ann", member("bob", Role.EDITOR))
                .at(1000).push(ANN, "ann", add("milk", "Milk", 1, vc(ANN, 1)))
                .at(2000).stamped(BOB, "bob", LogScript.T0 + 500, complete("milk", 1, vc(BOB, 1)))
                .day(8).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 2)));
    }

    /** Under counter Bob's complete (count 2) loses to Ann's reopen (count 5) made earlier: milk is not done. */
    static LogScript counterLowerCountLoses() {
        return groceries("counter", Policy.COUNTER)
                .push(ANN, "ann", member("bob", Role.EDITOR))
                .at(100).push(ANN, "ann", reopen("milk", 5, vc(ANN, 5)))
                .at(200).push(BOB, "bob", complete("milk", 2, vc(ANN, 1, BOB, 1)))
                .at(300).push(BOB, "bob", complete("eggs", 2, vc(ANN, 2, BOB, 2)))
                .day(8).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 6)));
    }

    /**
     * Under vector Ann completes milk and Bob, concurrently and stamped earlier, reopens it: siblings true and false,
     * the later stamp (done) shows, so milk keeps Ann's time and is archived on day 8. Ann then reopens, resolving
     * the conflict: back in items.
     */
    static LogScript vectorDoneWins() {
        return groceries("vector-done", Policy.VECTOR)
                .push(ANN, "ann", member("bob", Role.EDITOR))
                .at(100).push(ANN, "ann", complete("milk", 2, vc(ANN, 2)))
                .at(200).stamped(BOB, "bob", LogScript.T0 + 50, reopen("milk", 2, vc(ANN, 1, BOB, 1)))
                .day(3).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 3)))
                .day(8).push(ANN, "ann", add("jam", "Jam", 1, vc(ANN, 4)))
                .day(8.5).push(ANN, "ann", add("oil", "Oil", 1, vc(ANN, 5)))
                .day(9).push(ANN, "ann", reopen("milk", 3, vc(ANN, 6, BOB, 1)));
    }

    /**
     * Under vector Ann completes milk; Bob's concurrent reopen, stamped later, shows: milk is not done (its time is
     * dropped) and stays in items with the conflict. Bob completes it again on day 2, resolving: done from day 2.
     */
    static LogScript vectorReopenWins() {
        return groceries("vector-reopen", Policy.VECTOR)
                .push(ANN, "ann", member("bob", Role.EDITOR))
                .at(100).push(ANN, "ann", complete("milk", 2, vc(ANN, 2)))
                .at(200).push(BOB, "bob", reopen("milk", 2, vc(ANN, 1, BOB, 1)))
                .day(1).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 3)))
                .day(2).push(BOB, "bob", complete("milk", 3, vc(ANN, 2, BOB, 2)))
                .day(8.5).push(ANN, "ann", add("jam", "Jam", 1, vc(ANN, 4)))
                .day(9).push(ANN, "ann", add("oil", "Oil", 1, vc(ANN, 5)));
    }

    /**
     * Under vector concurrent renames of done milk leave a title conflict: items shows it; once archived, the
     * archived section shows the visible title (the later stamp). Eggs, conflicted and open, stays in items.
     */
    static LogScript vectorTitleConflict() {
        return groceries("vector-title", Policy.VECTOR)
                .push(ANN, "ann", member("bob", Role.EDITOR))
                .at(100).push(ANN, "ann", complete("milk", 2, vc(ANN, 2)))
                .at(200).push(ANN, "ann", rename("milk", "Whole milk", 3, vc(ANN, 3)))
                .at(300).push(BOB, "bob", rename("milk", "Oat milk", 2, vc(ANN, 2, BOB, 1)))
                .at(400).push(ANN, "ann", rename("eggs", "Brown eggs", 2, vc(ANN, 4)))
                .at(500).push(BOB, "bob", rename("eggs", "Six eggs", 2, vc(ANN, 1, BOB, 2)))
                .day(1).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 5)))
                .day(8).push(ANN, "ann", add("jam", "Jam", 1, vc(ANN, 6)));
    }

    /** Milk done on day 0, renamed on day 3 (its time stays) and archived on day 7; renamed again while archived. */
    static LogScript renameDone() {
        return groceries("rename-done", Policy.LWW)
                .at(10).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)))
                .day(3).push(ANN, "ann", rename("milk", "Oat milk", 3, vc(ANN, 4)))
                .at(10 + 7 * DAY).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 5)))
                .day(8).push(ANN, "ann", rename("milk", "Oat milk, 1 l", 4, vc(ANN, 6)));
    }

    /** Eggs done on day 0, then jam and bread in one batch (the same serverMs) on day 1: newest first, ties by id. */
    static LogScript archivedOrder() {
        return groceries("order", Policy.LWW)
                .push(ANN, "ann", add("jam", "Jam", 1, vc(ANN, 3)))
                .push(ANN, "ann", add("bread", "Bread", 1, vc(ANN, 4)))
                .day(0.5).push(ANN, "ann", complete("eggs", 2, vc(ANN, 5)))
                .day(1).push(ANN, "ann", complete("jam", 2, vc(ANN, 6)))
                .day(1).push(ANN, "ann", complete("bread", 2, vc(ANN, 7)))
                .day(10).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 8)));
    }

    /** Milk done; Ann adds milk again (an ItemAdded writes completed=false, stamped later): open, its time gone. */
    static LogScript reAdded() {
        return groceries("re-added", Policy.LWW)
                .at(10).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)))
                .day(2).push(ANN, "ann", add("milk", "Milk, again", 3, vc(ANN, 4)))
                .day(9).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 5)));
    }

    /** Completing an item never added, and one deleted before (a tombstone is final), adds nothing anywhere. */
    static LogScript unknownAndDeleted() {
        return groceries("unknown", Policy.LWW)
                .at(10).push(ANN, "ann", complete("ghost", 1, vc(ANN, 3)))
                .push(ANN, "ann", delete("eggs", 2, vc(ANN, 4)))
                .push(ANN, "ann", complete("eggs", 3, vc(ANN, 5)))
                .day(8).push(ANN, "ann", add("tea", "Tea", 1, vc(ANN, 6)));
    }

    /** A page served again (an entry at a listVersion folded already, here with a later serverMs) moves nothing. */
    static LogScript replayedPage() {
        LogScript script = groceries("replayed", Policy.LWW)
                .at(10).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)));
        LogEntry.Accepted last = (LogEntry.Accepted) script.log().getLast();
        return script.append(new LogEntry.Accepted(last.listVersion(), last.clientId(), last.serverMs() + 30 * DAY,
                last.event(), last.userId()));
    }

    /** The view's list fields: a renamed title, and members by user id with their roles. */
    static LogScript membersAndTitle() {
        return groceries("members", Policy.COUNTER)
                .push(ANN, "ann", member("dan", Role.EDITOR))
                .push(ANN, "ann", member("bob", Role.OWNER))
                .push(ANN, "ann", member("cat", Role.VIEWER))
                .push(ANN, "ann", member("dan", Role.VIEWER))
                .push(BOB, "bob", renamedList("Weekly groceries 🛒"));
    }

    /** Four weeks of a shared list under counter: items come, get done, reopened, renamed and archived by turns. */
    static LogScript month() {
        return groceries("month", Policy.COUNTER)
                .push(ANN, "ann", member("bob", Role.EDITOR))
                .day(1).push(BOB, "bob", add("tea", "Tea", 1, vc(BOB, 1)))
                .day(2).push(ANN, "ann", complete("milk", 2, vc(ANN, 3)))
                .day(2.5).push(BOB, "bob", complete("eggs", 2, vc(ANN, 2, BOB, 2)))
                .day(4).push(ANN, "ann", add("bread", "Brot 🥖", 1, vc(ANN, 4)))
                .day(6).push(BOB, "bob", complete("tea", 2, vc(BOB, 3)))
                .day(9.1).push(ANN, "ann", add("jam", "Jam", 1, vc(ANN, 5)))
                .day(9.2).push(BOB, "bob", reopen("eggs", 3, vc(ANN, 2, BOB, 4)))
                .day(12).push(ANN, "ann", complete("bread", 2, vc(ANN, 6)))
                .day(13).push(BOB, "bob", complete("eggs", 4, vc(ANN, 2, BOB, 5)))
                .day(15).push(ANN, "ann", rename("tea", "Green tea", 3, vc(ANN, 7, BOB, 3)))
                .day(19.5).push(BOB, "bob", add("oil", "Oil", 1, vc(BOB, 6)))
                .day(20.5).push(ANN, "ann", delete("milk", 3, vc(ANN, 8)))
                .day(28).push(BOB, "bob", complete("jam", 2, vc(ANN, 5, BOB, 7)));
    }
}
