package io.offlinesync.domain;

import static io.offlinesync.domain.WriteOutcome.AFTER_DELETE;
import static io.offlinesync.domain.WriteOutcome.DELETED;
import static io.offlinesync.domain.WriteOutcome.LOST;
import static io.offlinesync.domain.WriteOutcome.SIBLING;
import static io.offlinesync.domain.WriteOutcome.SUPERSEDED;
import static io.offlinesync.domain.WriteOutcome.WON;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Conflicts a user would recognise, under each policy. Two devices, Ann's and Bob's, share a list with
 * one item, "Milk"; each edits offline and syncs later. Every scenario is checked in both arrival
 * orders (Ann's batch first, Bob's first): the visible result must not depend on it, and Explain must
 * say why.
 */
class ConflictScenariosTest {

    static final long T0 = 1_764_150_000_000L;
    static final long MINUTE = 60_000;
    static final long DAY = 24 * 60 * MINUTE;
    static final String TITLE = ItemHistory.TITLE;
    static final String COMPLETED = ItemHistory.COMPLETED;

    SyncWorld world;
    Device ann;
    Device bob;
    ClientEvent added;

    /** Ann creates the list under {@code policy} and adds "Milk"; both devices sync. */
    void start(Policy policy, long bobClockOffset) {
        world = new SyncWorld("groceries", T0);
        ann = world.device("ann", 0);
        bob = world.device("bob", bobClockOffset);
        ann.createList("Groceries", policy);
        added = ann.add("milk", "Milk");
        world.sync(ann);
        world.pull(bob);
    }

    /** Both arrival orders of the devices' pending batches. */
    List<List<LogEntry>> bothOrders() {
        return List.of(world.logWithPendingOf(ann, bob), world.logWithPendingOf(bob, ann));
    }

    static Item milk(TodoList list) {
        return list.item("milk");
    }

    static long versionOf(List<LogEntry> log, ClientEvent event) {
        return log.stream().filter(e -> e.eventId().equals(event.eventId())).findFirst().orElseThrow().listVersion();
    }

    static ItemHistory explain(List<LogEntry> log, TodoList list) {
        return ItemHistory.explain(log, list, "milk").orElseThrow();
    }

    static RegisterOutcome outcome(ItemHistory history, List<LogEntry> log, ClientEvent event, String register) {
        return history.entry(versionOf(log, event)).orElseThrow().registers().get(register);
    }

    static void assertWon(ItemHistory h, List<LogEntry> log, ClientEvent e, String register) {
        assertThat(outcome(h, log, e, register).outcome()).as("%s of %s", register, e.body()).isEqualTo(WON);
    }

    static void assertLostTo(ItemHistory h, List<LogEntry> log, ClientEvent e, String register, ClientEvent winner) {
        RegisterOutcome o = outcome(h, log, e, register);
        assertThat(o.outcome()).as("%s of %s", register, e.body()).isEqualTo(LOST);
        assertThat(o.lostTo()).as("lostTo of %s", e.body()).isEqualTo(versionOf(log, winner));
    }

    static void assertOutcome(ItemHistory h, List<LogEntry> log, ClientEvent e, String register, WriteOutcome expected) {
        RegisterOutcome o = outcome(h, log, e, register);
        assertThat(o.outcome()).as("%s of %s", register, e.body()).isEqualTo(expected);
        assertThat(o.lostTo()).isNull();
    }

    /** Ann renames twice ("Oat milk", "Oat milk 1l"); an hour later Bob renames once ("Soy milk"). */
    @Nested
    class RenameVsRename {
        ClientEvent annFirst;
        ClientEvent annSecond;
        ClientEvent bobs;

        void play(Policy policy) {
            start(policy, 0);
            world.advance(MINUTE);
            annFirst = ann.rename("milk", "Oat milk");
            world.advance(1_000);
            annSecond = ann.rename("milk", "Oat milk 1l");
            world.advance(60 * MINUTE);
            bobs = bob.rename("milk", "Soy milk");
        }

        @Test
        void lwwTheLatestRenameWins() {
            play(Policy.LWW);
            for (List<LogEntry> log : bothOrders()) {
                TodoList list = TodoList.fold("groceries", log);
                assertThat(milk(list).title().value()).isEqualTo("Soy milk");
                assertThat(milk(list).conflicts()).isEmpty();

                ItemHistory h = explain(log, list);
                assertThat(h.entries()).hasSize(4);
                assertLostTo(h, log, added, TITLE, bobs);
                assertWon(h, log, added, COMPLETED);
                assertLostTo(h, log, annFirst, TITLE, bobs);
                assertLostTo(h, log, annSecond, TITLE, bobs);
                assertWon(h, log, bobs, TITLE);
            }
        }

        @Test
        void counterTheDeviceWithMoreEditsWins() {
            play(Policy.COUNTER);
            assertThat(((EventBody.ItemRenamed) annSecond.body()).count()).isEqualTo(3);
            assertThat(((EventBody.ItemRenamed) bobs.body()).count()).isEqualTo(2);
            for (List<LogEntry> log : bothOrders()) {
                TodoList list = TodoList.fold("groceries", log);
                assertThat(milk(list).title().value()).isEqualTo("Oat milk 1l");

                ItemHistory h = explain(log, list);
                assertLostTo(h, log, added, TITLE, annSecond);
                assertLostTo(h, log, annFirst, TITLE, annSecond);
                assertWon(h, log, annSecond, TITLE);
                assertLostTo(h, log, bobs, TITLE, annSecond);
            }
        }

        @Test
        void vectorConcurrentRenamesAreKeptAsSiblings() {
            play(Policy.VECTOR);
            for (List<LogEntry> log : bothOrders()) {
                TodoList list = TodoList.fold("groceries", log);
                Item milk = milk(list);
                assertThat(milk.title().value()).isEqualTo("Soy milk"); // the sibling of the greatest stamp
                assertThat(milk.conflicts()).isEqualTo(Map.of(TITLE, List.of("Oat milk 1l", "Soy milk")));

                ItemHistory h = explain(log, list);
                assertOutcome(h, log, added, TITLE, SUPERSEDED);
                assertOutcome(h, log, added, COMPLETED, WON);
                assertOutcome(h, log, annFirst, TITLE, SUPERSEDED);
                assertOutcome(h, log, annSecond, TITLE, SIBLING);
                assertOutcome(h, log, bobs, TITLE, SIBLING);
            }
        }

        @Test
        void vectorARenameThatSawBothSiblingsResolvesTheConflict() {
            play(Policy.VECTOR);
            world.sync(ann);
            world.sync(bob);
            world.pull(ann);
            assertThat(milk(ann.view()).conflicts()).containsKey(TITLE);
            world.advance(MINUTE);
            ClientEvent merged = ann.rename("milk", "Milk (any kind)");
            assertThat(((EventBody.ItemRenamed) merged.body()).vclock())
                    .isEqualTo(new VClock(Map.of("ann", 4L, "bob", 1L)));
            world.sync(ann);

            List<LogEntry> log = world.log();
            TodoList list = TodoList.fold("groceries", log);
            assertThat(milk(list).title().value()).isEqualTo("Milk (any kind)");
            assertThat(milk(list).conflicts()).isEmpty();
            ItemHistory h = explain(log, list);
            assertOutcome(h, log, annSecond, TITLE, SUPERSEDED);
            assertOutcome(h, log, bobs, TITLE, SUPERSEDED);
            assertOutcome(h, log, merged, TITLE, WON);
        }
    }

    /** Bob ticks Milk off and unticks it again (two edits); five minutes later Ann ticks it off (one edit). */
    @Nested
    class CompleteVsReopen {
        ClientEvent bobCompletes;
        ClientEvent bobReopens;
        ClientEvent annCompletes;

        void play(Policy policy) {
            start(policy, 0);
            world.advance(10 * MINUTE);
            bobCompletes = bob.complete("milk");
            world.advance(MINUTE);
            bobReopens = bob.reopen("milk");
            world.advance(5 * MINUTE);
            annCompletes = ann.complete("milk");
        }

        @Test
        void lwwAnnsLaterTickWins() {
            play(Policy.LWW);
            for (List<LogEntry> log : bothOrders()) {
                TodoList list = TodoList.fold("groceries", log);
                assertThat(milk(list).completed().value()).isTrue();

                ItemHistory h = explain(log, list);
                assertLostTo(h, log, added, COMPLETED, annCompletes);
                assertWon(h, log, added, TITLE);
                assertLostTo(h, log, bobCompletes, COMPLETED, annCompletes);
                assertLostTo(h, log, bobReopens, COMPLETED, annCompletes);
                assertWon(h, log, annCompletes, COMPLETED);
            }
        }

        @Test
        void counterBobsSecondEditWins() {
            play(Policy.COUNTER);
            for (List<LogEntry> log : bothOrders()) {
                TodoList list = TodoList.fold("groceries", log);
                assertThat(milk(list).completed().value()).isFalse();

                ItemHistory h = explain(log, list);
                assertLostTo(h, log, bobCompletes, COMPLETED, bobReopens);
                assertWon(h, log, bobReopens, COMPLETED);
                assertLostTo(h, log, annCompletes, COMPLETED, bobReopens);
            }
        }

        @Test
        void vectorDoneAndNotDoneAreBothKept() {
            play(Policy.VECTOR);
            for (List<LogEntry> log : bothOrders()) {
                TodoList list = TodoList.fold("groceries", log);
                assertThat(milk(list).completed().value()).isTrue(); // Ann's, the greater stamp
                assertThat(milk(list).conflicts()).isEqualTo(Map.of(COMPLETED, List.of(false, true)));

                ItemHistory h = explain(log, list);
                assertOutcome(h, log, added, COMPLETED, SUPERSEDED);
                assertOutcome(h, log, added, TITLE, WON);
                assertOutcome(h, log, bobCompletes, COMPLETED, SUPERSEDED);
                assertOutcome(h, log, bobReopens, COMPLETED, SIBLING);
                assertOutcome(h, log, annCompletes, COMPLETED, SIBLING);
            }
        }
    }

    /** Ann deletes Milk; a minute later Bob, offline, renames it. Deletion wins under every policy. */
    @Nested
    class RenameVsDelete {
        ClientEvent annDeletes;
        ClientEvent bobRenames;

        void play(Policy policy) {
            start(policy, 0);
            world.advance(MINUTE);
            annDeletes = ann.delete("milk");
            world.advance(MINUTE);
            bobRenames = bob.rename("milk", "Milk 2%");
        }

        void check(Policy policy) {
            play(policy);
            List<List<LogEntry>> orders = bothOrders();
            for (List<LogEntry> log : orders) {
                TodoList list = TodoList.fold("groceries", log);
                assertThat(list.visibleItems()).isEmpty();
                assertThat(milk(list).deletedVersion()).isEqualTo(versionOf(log, annDeletes));

                ItemHistory h = explain(log, list);
                assertThat(h.deleted()).isTrue();
                HistoryEntry deletion = h.entry(versionOf(log, annDeletes)).orElseThrow();
                assertThat(deletion.outcome()).isEqualTo(DELETED);
                assertThat(deletion.registers()).isEmpty();
            }
            // Ann's deletion arrived first: Bob's rename changed nothing.
            List<LogEntry> deleteFirst = orders.get(0);
            ItemHistory h1 = explain(deleteFirst, TodoList.fold("groceries", deleteFirst));
            assertOutcome(h1, deleteFirst, bobRenames, TITLE, AFTER_DELETE);
            assertOutcome(h1, deleteFirst, added, TITLE, WON);
            // Bob's rename arrived first: it won the (now hidden) title before the deletion froze it.
            List<LogEntry> renameFirst = orders.get(1);
            ItemHistory h2 = explain(renameFirst, TodoList.fold("groceries", renameFirst));
            assertOutcome(h2, renameFirst, bobRenames, TITLE, WON);
            if (policy == Policy.VECTOR) {
                assertOutcome(h2, renameFirst, added, TITLE, SUPERSEDED);
            } else {
                assertLostTo(h2, renameFirst, added, TITLE, bobRenames);
            }
        }

        @Test
        void lww() {
            check(Policy.LWW);
        }

        @Test
        void counter() {
            check(Policy.COUNTER);
        }

        @Test
        void vector() {
            check(Policy.VECTOR);
        }
    }

    /**
     * Bob renames Milk twice on Monday and then goes offline for three days; on Thursday Ann renames it
     * once; then Bob comes back and syncs.
     */
    @Nested
    class OfflineForDays {
        ClientEvent bobMonday1;
        ClientEvent bobMonday2;
        ClientEvent annThursday;

        void play(Policy policy) {
            start(policy, 0);
            world.advance(60 * MINUTE);
            bobMonday1 = bob.rename("milk", "Milk 1l");
            world.advance(MINUTE);
            bobMonday2 = bob.rename("milk", "Whole milk");
            world.advance(3 * DAY);
            annThursday = ann.rename("milk", "Oat milk");
        }

        @Test
        void lwwTheRecentRenameWins() {
            play(Policy.LWW);
            for (List<LogEntry> log : bothOrders()) {
                TodoList list = TodoList.fold("groceries", log);
                assertThat(milk(list).title().value()).isEqualTo("Oat milk");
                ItemHistory h = explain(log, list);
                assertLostTo(h, log, bobMonday2, TITLE, annThursday);
                assertWon(h, log, annThursday, TITLE);
            }
        }

        @Test
        void counterTheOldButMoreEditedRenameWins() {
            play(Policy.COUNTER);
            for (List<LogEntry> log : bothOrders()) {
                TodoList list = TodoList.fold("groceries", log);
                assertThat(milk(list).title().value()).isEqualTo("Whole milk");
                ItemHistory h = explain(log, list);
                assertLostTo(h, log, bobMonday1, TITLE, bobMonday2);
                assertWon(h, log, bobMonday2, TITLE);
                assertLostTo(h, log, annThursday, TITLE, bobMonday2);
            }
        }

        @Test
        void vectorBothAreKeptWhateverTheirAge() {
            play(Policy.VECTOR);
            for (List<LogEntry> log : bothOrders()) {
                TodoList list = TodoList.fold("groceries", log);
                assertThat(milk(list).title().value()).isEqualTo("Oat milk");
                assertThat(milk(list).conflicts()).isEqualTo(Map.of(TITLE, List.of("Whole milk", "Oat milk")));
                ItemHistory h = explain(log, list);
                assertOutcome(h, log, bobMonday1, TITLE, SUPERSEDED);
                assertOutcome(h, log, bobMonday2, TITLE, SIBLING);
                assertOutcome(h, log, annThursday, TITLE, SIBLING);
            }
        }
    }

    /**
     * Bob's phone clock is three days behind. Ann renames Milk; Bob syncs, sees her rename and changes it.
     * The hybrid clock refuses to jump days ahead of Bob's wall time (clamped at 5 minutes), so Bob's
     * later edit carries an older stamp than Ann's.
     */
    @Nested
    class ClockDaysBehind {
        ClientEvent annRenames;
        ClientEvent bobRenames;

        void play(Policy policy) {
            start(policy, -3 * DAY);
            world.advance(MINUTE);
            annRenames = ann.rename("milk", "Oat milk");
            world.sync(ann);
            world.advance(MINUTE);
            world.pull(bob);
            bobRenames = bob.rename("milk", "Soy milk");
            world.sync(bob);
            assertThat(bob.clock().clampedReceives()).isPositive();
            assertThat(bobRenames.at()).isLessThan(annRenames.at());
            assertThat(bobRenames.at().ms()).isEqualTo(bob.wallMs() + HybridClock.DEFAULT_MAX_SKEW_MS);
        }

        @Test
        void lwwTheOldClockLosesAlthoughBobEditedLast() {
            play(Policy.LWW);
            List<LogEntry> log = world.log();
            TodoList list = TodoList.fold("groceries", log);
            assertThat(milk(list).title().value()).isEqualTo("Oat milk");
            ItemHistory h = explain(log, list);
            assertWon(h, log, annRenames, TITLE);
            assertLostTo(h, log, bobRenames, TITLE, annRenames);
        }

        @Test
        void counterBobsEditCountsOneMore() {
            play(Policy.COUNTER);
            List<LogEntry> log = world.log();
            TodoList list = TodoList.fold("groceries", log);
            assertThat(milk(list).title().value()).isEqualTo("Soy milk");
            ItemHistory h = explain(log, list);
            assertLostTo(h, log, annRenames, TITLE, bobRenames);
            assertWon(h, log, bobRenames, TITLE);
        }

        @Test
        void vectorBobsEditSawAnnsAndSupersedesIt() {
            play(Policy.VECTOR);
            List<LogEntry> log = world.log();
            TodoList list = TodoList.fold("groceries", log);
            assertThat(milk(list).title().value()).isEqualTo("Soy milk");
            assertThat(milk(list).conflicts()).isEmpty();
            ItemHistory h = explain(log, list);
            assertOutcome(h, log, annRenames, TITLE, SUPERSEDED);
            assertOutcome(h, log, bobRenames, TITLE, WON);
        }
    }

    /**
     * Ann's and Bob's clocks agree to the millisecond: both rename Milk and tick it off at the same
     * (ms, n). The clientId breaks the tie ("bob" > "ann").
     */
    @Nested
    class EqualStamps {
        ClientEvent annRenames;
        ClientEvent bobRenames;
        ClientEvent annCompletes;
        ClientEvent bobCompletes;

        void play(Policy policy) {
            start(policy, 0);
            world.advance(1_000);
            annRenames = ann.rename("milk", "Oat milk");
            bobRenames = bob.rename("milk", "Soy milk");
            annCompletes = ann.complete("milk");
            bobCompletes = bob.complete("milk");
            assertThat(annRenames.at()).isEqualTo(bobRenames.at());
            assertThat(annCompletes.at()).isEqualTo(bobCompletes.at());
        }

        void checkSingleWinner(Policy policy) {
            play(policy);
            for (List<LogEntry> log : bothOrders()) {
                TodoList list = TodoList.fold("groceries", log);
                assertThat(milk(list).title().value()).isEqualTo("Soy milk");
                assertThat(milk(list).completed().value()).isTrue();
                ItemHistory h = explain(log, list);
                assertLostTo(h, log, annRenames, TITLE, bobRenames);
                assertWon(h, log, bobRenames, TITLE);
                // Same value, still one winner: Ann's tick lost to Bob's.
                assertLostTo(h, log, annCompletes, COMPLETED, bobCompletes);
                assertWon(h, log, bobCompletes, COMPLETED);
            }
        }

        @Test
        void lwwTheClientIdBreaksTheTie() {
            checkSingleWinner(Policy.LWW);
        }

        @Test
        void counterEqualCountsFallBackToTheStampAndThenTheClientId() {
            checkSingleWinner(Policy.COUNTER);
        }

        @Test
        void vectorDifferentValuesConflictAndEqualValuesBothWin() {
            play(Policy.VECTOR);
            for (List<LogEntry> log : bothOrders()) {
                TodoList list = TodoList.fold("groceries", log);
                Item milk = milk(list);
                assertThat(milk.title().value()).isEqualTo("Soy milk");
                assertThat(milk.conflicts()).isEqualTo(Map.of(TITLE, List.of("Oat milk", "Soy milk")));
                assertThat(milk.completed().writes()).hasSize(2); // two siblings, one value: no conflict
                assertThat(milk.completed().value()).isTrue();
                ItemHistory h = explain(log, list);
                assertOutcome(h, log, annRenames, TITLE, SIBLING);
                assertOutcome(h, log, bobRenames, TITLE, SIBLING);
                assertOutcome(h, log, annCompletes, COMPLETED, WON);
                assertOutcome(h, log, bobCompletes, COMPLETED, WON);
            }
        }
    }
}
