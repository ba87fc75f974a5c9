package io.offlinesync.examples.archive;

import static io.offlinesync.examples.archive.LogScript.DAY;
import static io.offlinesync.examples.archive.LogScript.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.RejectReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The archive rule of projection v3 on the hand-written logs, and what its view shows. */
class ArchiveProjectionTest {

    private static final ArchiveProjection V3 = ArchiveProjection.INSTANCE;

    @Test
    void aDoneItemIsArchivedOnceTheLogIsSevenDaysPastItsCompletion() {
        Map<String, Object> view = view(HandWrittenArchiveLogs.sevenDays());

        assertThat(itemIds(view, "items")).containsExactly("eggs", "tea");
        assertThat(view.get("archived")).isEqualTo(List.of(Map.of("itemId", "milk", "title", "Milk",
                "completedAt", T0 + 10)));
        assertThat(view).containsEntry("logTime", T0 + 10 + 7 * DAY).containsEntry("openCount", 2L)
                .containsEntry("archivedCount", 1L);
    }

    @Test
    void aMillisecondShortOfSevenDaysTheItemStaysInItems() {
        Map<String, Object> view = view(HandWrittenArchiveLogs.oneMillisecondShort());

        assertThat(itemIds(view, "items")).containsExactly("milk", "eggs", "tea");
        assertThat((List<?>) view.get("archived")).isEmpty();
    }

    @Test
    void archivalMovesOnlyWithTheLog() {
        Map<String, Object> view = view(HandWrittenArchiveLogs.quietList());

        assertThat(view).containsEntry("logTime", T0 + 10).containsEntry("archivedCount", 0L);
        assertThat(itemIds(view, "items")).containsExactly("milk", "eggs");
    }

    @Test
    void reopeningBringsAnArchivedItemBackAndTheLaterCompletionCounts() {
        List<LogEntry> log = HandWrittenArchiveLogs.reopened().log();
        // entries: created, milk, eggs, done (day 0.5), tea (day 8), reopen (day 9), done (day 10), jam (16.5), oil (17)
        assertThat(itemIds(view("reopened", log.subList(0, 5)), "archived")).containsExactly("milk");
        ArchiveState reopened = fold("reopened", log.subList(0, 6));
        assertThat(itemIds(V3.view(reopened), "items")).containsExactly("milk", "eggs", "tea");
        assertThat(reopened.completedAtMs()).doesNotContainKey("milk");
        assertThat(itemIds(view("reopened", log.subList(0, 8)), "archived")).as("6.5 days after the second").isEmpty();

        Map<String, Object> view = view(HandWrittenArchiveLogs.reopened());
        assertThat(view.get("archived")).isEqualTo(List.of(Map.of("itemId", "milk", "title", "Milk",
                "completedAt", T0 + 10 * DAY)));
    }

    @Test
    void completingAnItemThatIsDoneAlreadyKeepsItsFirstTime() {
        ArchiveState state = fold(HandWrittenArchiveLogs.completedTwice());

        assertThat(state.completedAtMs()).containsEntry("milk", T0 + 10);
        assertThat(itemIds(V3.view(state), "archived")).containsExactly("milk");
    }

    @Test
    void deletingRemovesAnItemFromItemsAndArchivedAndForgetsItsTime() {
        List<LogEntry> log = HandWrittenArchiveLogs.deletes().log();
        Map<String, Object> before = view("deletes", log.subList(0, log.size() - 2));
        assertThat(itemIds(before, "archived")).containsExactly("milk");
        assertThat(itemIds(before, "items")).containsExactly("eggs", "tea");

        ArchiveState state = fold("deletes", log);
        assertThat(itemIds(V3.view(state), "items")).containsExactly("tea");
        assertThat((List<?>) V3.view(state).get("archived")).isEmpty();
        assertThat(state.completedAtMs()).isEmpty();
    }

    @Test
    void rejectedEntriesMoveLogTimeToo() {
        List<LogEntry> log = HandWrittenArchiveLogs.rejectedMoveLogTime().log();
        assertThat(log.subList(log.size() - 2, log.size())).allSatisfy(e -> assertThat(e)
                .isInstanceOf(LogEntry.Rejected.class));
        assertThat(((LogEntry.Rejected) log.get(log.size() - 2)).reason()).isEqualTo(RejectReason.FORBIDDEN);
        assertThat(((LogEntry.Rejected) log.getLast()).reason()).isEqualTo(RejectReason.GAP);

        Map<String, Object> view = view("rejected", log);
        assertThat(view).containsEntry("logTime", T0 + 7 * DAY + DAY / 2);
        assertThat(itemIds(view, "archived")).containsExactly("milk");
    }

    @Test
    void aListNeverCreatedShowsNothingButItsLogTime() {
        Map<String, Object> view = view(HandWrittenArchiveLogs.neverCreated());

        assertThat(view).containsEntry("title", "").containsEntry("logTime", T0 + 3 * DAY)
                .containsEntry("members", Map.of()).containsEntry("openCount", 0L);
        assertThat(V3.facts(fold(HandWrittenArchiveLogs.neverCreated())).created()).isFalse();
    }

    @Test
    void logTimeIsTheGreatestServerMsSoAClockGoingBackArchivesOlderCompletionsAtOnce() {
        ArchiveState state = fold(HandWrittenArchiveLogs.clockGoesBack());

        assertThat(state.logTimeMs()).isEqualTo(T0 + 8 * DAY);
        assertThat(state.completedAtMs()).containsEntry("eggs", T0 + DAY).containsEntry("tea", T0 + DAY + DAY / 2);
        assertThat(itemIds(V3.view(state), "archived")).containsExactly("eggs", "milk");
        assertThat(itemIds(V3.view(state), "items")).containsExactly("tea");
    }

    @Test
    void aCompleteThatLosesUnderItsPolicyDoesNotCount() {
        assertThat(fold(HandWrittenArchiveLogs.lwwOlderCompleteLoses()).completedAtMs()).isEmpty();
        ArchiveState counter = fold(HandWrittenArchiveLogs.counterLowerCountLoses());
        assertThat(counter.completedAtMs()).containsOnlyKeys("eggs");
        assertThat(itemIds(V3.view(counter), "items")).containsExactly("milk", "tea");
    }

    @Test
    void underVectorAConflictedItemIsDoneWhenItsVisibleWriteSaysSo() {
        List<LogEntry> log = HandWrittenArchiveLogs.vectorDoneWins().log();
        // created, milk, eggs, member, done (Ann), reopen (Bob, concurrent, stamped earlier), tea, jam, oil, reopen
        ArchiveState conflicted = fold("vector-done", log.subList(0, 7));
        Map<?, ?> milk = (Map<?, ?>) ((List<?>) V3.view(conflicted).get("items")).getFirst();
        assertThat(milk.get("completed")).isEqualTo(true);
        assertThat(milk.get("conflicts")).isEqualTo(Map.of("completed", List.of(false, true)));
        assertThat(conflicted.completedAtMs()).containsEntry("milk", T0 + 100);
        assertThat(itemIds(view("vector-done", log.subList(0, 8)), "archived")).containsExactly("milk");

        ArchiveState resolved = fold("vector-done", log);
        assertThat(itemIds(V3.view(resolved), "items")).startsWith("milk");
        assertThat(resolved.completedAtMs()).isEmpty();
    }

    @Test
    void underVectorAConcurrentReopenThatShowsDropsTheTime() {
        List<LogEntry> log = HandWrittenArchiveLogs.vectorReopenWins().log();
        assertThat(fold("vector-reopen", log.subList(0, 6)).completedAtMs()).isEmpty();

        ArchiveState state = fold("vector-reopen", log);
        assertThat(state.completedAtMs()).containsEntry("milk", T0 + 2 * DAY);
        assertThat(itemIds(V3.view(state), "archived")).containsExactly("milk");
    }

    @Test
    void archivedItemsShowTheirVisibleTitleAndNoConflicts() {
        Map<String, Object> view = view(HandWrittenArchiveLogs.vectorTitleConflict());

        assertThat(view.get("archived")).isEqualTo(List.of(Map.of("itemId", "milk", "title", "Oat milk",
                "completedAt", T0 + 100)));
        Map<?, ?> eggs = (Map<?, ?>) ((List<?>) view.get("items")).getFirst();
        assertThat(eggs.get("conflicts")).isEqualTo(Map.of("title", List.of("Brown eggs", "Six eggs")));
    }

    @Test
    void renamingADoneItemKeepsItsTime() {
        Map<String, Object> view = view(HandWrittenArchiveLogs.renameDone());

        assertThat(view.get("archived")).isEqualTo(List.of(Map.of("itemId", "milk", "title", "Oat milk, 1 l",
                "completedAt", T0 + 10)));
    }

    @Test
    void archivedIsNewestCompletionFirstThenByItemId() {
        assertThat(itemIds(view(HandWrittenArchiveLogs.archivedOrder()), "archived"))
                .containsExactly("bread", "jam", "eggs");
    }

    @Test
    void addingADoneItemAgainReopensIt() {
        ArchiveState state = fold(HandWrittenArchiveLogs.reAdded());

        assertThat(state.completedAtMs()).isEmpty();
        assertThat(itemIds(V3.view(state), "items")).containsExactly("milk", "eggs", "tea");
    }

    @Test
    void itemsNeverAddedOrDeletedStayOutOfEverySection() {
        ArchiveState state = fold(HandWrittenArchiveLogs.unknownAndDeleted());

        assertThat(state.completedAtMs()).isEmpty();
        assertThat(itemIds(V3.view(state), "items")).containsExactly("milk", "tea");
    }

    @Test
    void anEntryFoldedBeforeMovesNothingNotEvenLogTime() {
        ArchiveState state = fold(HandWrittenArchiveLogs.replayedPage());

        assertThat(state.logTimeMs()).isEqualTo(T0 + 10);
        assertThat(V3.listVersion(state)).isEqualTo(4);
    }

    @Test
    void theViewHasItsFieldsInOrderWithMembersByUser() {
        Map<String, Object> view = view(HandWrittenArchiveLogs.membersAndTitle());

        assertThat(view.keySet()).containsExactly("title", "policy", "members", "logTime", "items", "archived",
                "openCount", "archivedCount");
        assertThat(view).containsEntry("title", "Weekly groceries 🛒").containsEntry("policy", "counter");
        assertThat(List.copyOf(((Map<?, ?>) view.get("members")).keySet())).isEqualTo(List.of("ann", "bob", "cat", "dan"));
        assertThat(view.get("members")).isEqualTo(Map.of("ann", "owner", "bob", "owner", "cat", "viewer",
                "dan", "viewer"));
        assertThat(((List<?>) view.get("items")).getFirst()).isEqualTo(Map.of("itemId", "milk", "title", "Milk",
                "completed", false, "conflicts", Map.of()));
    }

    @Test
    void aMonthOfAListArchivesByTurns() {
        Map<String, Object> view = view(HandWrittenArchiveLogs.month());

        assertThat(itemIds(view, "items")).containsExactly("jam", "oil");
        assertThat(itemIds(view, "archived")).containsExactly("eggs", "bread", "tea");
        assertThat(view).containsEntry("openCount", 1L).containsEntry("archivedCount", 3L);
    }

    @Test
    void factsAreTheFoldsWhateverIsArchived() {
        ArchiveState state = fold(HandWrittenArchiveLogs.month());

        assertThat(V3.facts(state).created()).isTrue();
        assertThat(V3.facts(state).title()).isEqualTo("Groceries");
        assertThat(V3.facts(state).listVersion()).isEqualTo(state.list().listVersion());
        assertThat(V3.facts(state).clientSeqs()).containsOnlyKeys("ann-phone", "bob-laptop");
        assertThat(V3.name()).isEqualTo("v3");
        assertThat(V3.id()).isEqualTo("todo-archive");
    }

    @Test
    void aCopyIsIndependentOfTheStateItWasTakenFrom() {
        List<LogEntry> log = HandWrittenArchiveLogs.reopened().log();
        ArchiveState state = fold("reopened", log.subList(0, 5));
        ArchiveState copy = V3.copy(state);
        Map<String, Object> before = V3.view(copy);

        for (LogEntry entry : log.subList(5, log.size())) {
            V3.apply(state, entry);
        }

        assertThat(V3.view(copy)).isEqualTo(before);
        assertThat(V3.view(state)).isNotEqualTo(before);
        assertThat(copy.completedAtMs()).containsEntry("milk", T0 + DAY / 2);
    }

    private static ArchiveState fold(LogScript script) {
        return fold(script.listId(), script.log());
    }

    static ArchiveState fold(String listId, List<LogEntry> log) {
        return ArchiveVectors.fold(listId, log);
    }

    private static Map<String, Object> view(LogScript script) {
        return V3.view(fold(script));
    }

    private static Map<String, Object> view(String listId, List<LogEntry> log) {
        return V3.view(fold(listId, log));
    }

    private static List<String> itemIds(Map<String, Object> view, String section) {
        return ((List<?>) view.get(section)).stream().map(item -> (String) ((Map<?, ?>) item).get("itemId")).toList();
    }
}
