package io.offlinesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.VClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The SDK against the in-memory protocol server: convergence, retries, rejections, clocks, watch. */
class SyncClientTest extends AgainstFakeServer {

    /** The items as the server's fold shows them: (itemId, title, completed, conflicts). */
    private List<List<Object>> serverItems(String listId) {
        return TodoList.fold(listId, server.log(listId)).visibleItems().stream()
                .map(i -> List.<Object>of(i.itemId(), i.title().value(), i.completed().value(), i.conflicts())).toList();
    }

    private static List<List<Object>> items(ListView view) {
        return view.items().stream().map(i -> List.<Object>of(i.itemId(), i.title(), i.completed(), i.conflicts())).toList();
    }

    @Test
    void twoOfflineDevicesConvergeWhateverOrderTheySyncIn() throws Exception {
        for (boolean annFirst : new boolean[] {true, false}) {
            for (Policy policy : Policy.values()) {
                String listId = "l-" + policy.wireName() + "-" + annFirst;
                try (SyncClient ann = device("ann-" + listId); SyncClient bob = device("bob-" + listId)) {
                    ann.createList(listId, "Groceries", policy);
                    String milk = ann.addItem(listId, "Buy milk");
                    String eggs = ann.addItem(listId, "Eggs");
                    ann.sync();
                    bob.follow(listId);
                    bob.sync();
                    // both offline: conflicting renames, a delete, a completion
                    ann.renameItem(listId, milk, "Buy oat milk");
                    bob.renameItem(listId, milk, "Buy soy milk");
                    bob.complete(listId, milk);
                    ann.delete(listId, eggs);
                    bob.complete(listId, eggs);
                    SyncClient first = annFirst ? ann : bob;
                    SyncClient second = annFirst ? bob : ann;
                    first.sync();
                    second.sync();
                    first.sync();
                    assertThat(items(ann.view(listId))).as(listId).isEqualTo(items(bob.view(listId)))
                            .isEqualTo(serverItems(listId));
                    assertThat(ann.view(listId).item(eggs)).isNull();
                    assertThat(ann.view(listId).pendingEdits()).isZero();
                    if (policy == Policy.VECTOR) {
                        assertThat(ann.view(listId).item(milk).conflicts()).containsKey("title");
                    }
                }
            }
        }
    }

    /** Ann and Bob edit offline (conflicting renames, a delete, a completion) and sync; returns the items. */
    private String[] conflictingHistory(SyncClient ann, SyncClient bob, String listId, Policy policy) throws Exception {
        ann.createList(listId, "Groceries", policy);
        String milk = ann.addItem(listId, "Buy milk");
        String eggs = ann.addItem(listId, "Eggs");
        String tea = ann.addItem(listId, "Tea");
        ann.sync();
        bob.follow(listId);
        bob.sync();
        ann.renameItem(listId, milk, "Buy oat milk");
        bob.renameItem(listId, milk, "Buy soy milk");
        ann.delete(listId, eggs);
        bob.complete(listId, eggs);
        bob.complete(listId, tea);
        ann.sync();
        bob.sync();
        ann.sync();
        return new String[] {milk, eggs, tea};
    }

    @Test
    void aJoiningDeviceRestoresTheSnapshotPullsOnlyTheTailAndItsEditsConverge() throws Exception {
        for (Policy policy : Policy.values()) {
            String listId = "j-" + policy.wireName();
            try (SyncClient ann = device("ann-" + listId); SyncClient bob = device("bob-" + listId);
                 SyncClient carol = device("carol-" + listId)) {
                String[] items = conflictingHistory(ann, bob, listId, policy);
                String milk = items[0];
                String eggs = items[1];
                server.lagSnapshotBy(3); // the projection is three entries behind the log
                List<long[]> progress = new CopyOnWriteArrayList<>();
                carol.addListener(new SyncListener() {
                    @Override
                    public void onProgress(String id, long done, long total) {
                        progress.add(new long[] {done, total});
                    }
                });
                carol.follow(listId);
                SyncReport joined = carol.sync(listId);

                int logSize = server.log(listId).size();
                assertThat(joined.pulled()).as(listId).isEqualTo(3);
                assertThat(joined.joinedAt()).isEqualTo(server.log(listId).size() - 3);
                assertThat(carol.status().lists().getFirst().joinedAt()).isEqualTo(logSize - 3);
                assertThat(progress.getLast()).containsExactly(logSize, logSize);
                assertThat(items(carol.view(listId))).as(listId).isEqualTo(serverItems(listId))
                        .isEqualTo(items(ann.view(listId))).isEqualTo(items(bob.view(listId)));
                assertThat(carol.view(listId).item(eggs)).isNull();

                // carol's rename conflicts with one ann makes offline: stamps come from the restored registers
                carol.renameItem(listId, milk, "Milk (carol)");
                ann.renameItem(listId, milk, "Milk (ann)");
                carol.sync();
                ann.sync();
                bob.sync();
                carol.sync();
                assertThat(items(carol.view(listId))).as(listId).isEqualTo(serverItems(listId))
                        .isEqualTo(items(ann.view(listId))).isEqualTo(items(bob.view(listId)));
                if (policy == Policy.VECTOR) {
                    // carol saw bob's and ann's siblings: her write dominates them, ann's is concurrent to hers
                    assertThat(carol.view(listId).item(milk).conflicts().get("title"))
                            .containsExactlyInAnyOrder("Milk (carol)", "Milk (ann)");
                }
                server.lagSnapshotBy(0);
            }
        }
    }

    @Test
    void aJoinedListReopensFromSnapshotPlusStoredTailAndKeepsStamping() throws Exception {
        String milk;
        ListView before;
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            milk = conflictingHistory(ann, bob, "g", Policy.COUNTER)[0];
            server.lagSnapshotBy(2);
            try (SyncClient carol = device("carol")) {
                carol.follow("g");
                carol.sync();
                before = carol.view("g");
            }
        }
        try (SyncClient carol = device("carol")) {
            assertThat(carol.view("g")).isEqualTo(before);
            carol.renameItem("g", milk, "Milk, reopened");
            carol.sync();
            // counter: carol's count is one above the highest she restored, so her rename wins everywhere
            assertThat(carol.view("g").item(milk).title()).isEqualTo("Milk, reopened");
            assertThat(items(carol.view("g"))).isEqualTo(serverItems("g"));
        }
    }

    @Test
    void anOlderServerWithoutRegistersMakesTheDeviceDownloadTheWholeLog() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient carol = device("carol")) {
            ann.createList("g", "Groceries", Policy.VECTOR);
            for (int i = 0; i < 30; i++) {
                ann.addItem("g", "item " + i);
            }
            ann.sync();
            server.withoutRegisters();
            carol.follow("g");
            assertThat(carol.sync("g").pulled()).isEqualTo(31);
            assertThat(carol.status().lists().getFirst().joinedAt()).isZero();
            assertThat(items(carol.view("g"))).isEqualTo(serverItems("g"));
            String first = carol.view("g").items().getFirst().itemId();
            carol.renameItem("g", first, "renamed by carol");
            carol.sync();
            ann.sync();
            assertThat(ann.view("g").item(first).title()).isEqualTo("renamed by carol");
        }
    }

    @Test
    void aDeviceWithOwnEventsOnTheListReadsTheWholeLogToSeeTheirFate() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.sync();
            bob.createList("g", "Mine", Policy.LWW); // pending: not a device with nothing of the list
            bob.sync();
            assertThat(bob.status().lists().getFirst().joinedAt()).isZero();
            assertThat(bob.status().rejections()).extracting(Rejection::reason).containsExactly("list-exists");
        }
    }

    @Test
    void a503IsRetriedAndTheLogHoldsEachEventOnce() throws Exception {
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addItem("g", "Buy milk");
            server.answerUnavailable(2);
            SyncReport report = ann.sync();
            assertThat(report.pushed()).isEqualTo(2);
            assertThat(server.pushRequests()).isEqualTo(3);
            assertThat(server.log("g")).extracting(LogEntry::clientSeq).containsExactly(1L, 2L);
            assertThat(ann.status().lastError()).isNull();
        }
    }

    @Test
    void a429IsRetriedLikeA503AndNothingIsSetAside() throws Exception {
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addItem("g", "Buy milk");
            server.answerRateLimited(2);
            SyncReport report = ann.sync();
            assertThat(report.pushed()).isEqualTo(2);
            assertThat(server.pushRequests()).isEqualTo(3);
            assertThat(server.log("g")).extracting(LogEntry::clientSeq).containsExactly(1L, 2L);
            assertThat(ann.status().lastError()).isNull();
        }
    }

    @Test
    void aLostAnswerIsRetriedAndTheLogHoldsEachEventOnce() throws Exception {
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addItem("g", "Buy milk");
            server.loseAnswers(1);
            ann.sync();
            assertThat(server.log("g")).extracting(LogEntry::clientSeq).containsExactly(1L, 2L);
            assertThat(ann.view("g").pendingEdits()).isZero();
        }
    }

    @Test
    void aServerThatIsDownIsReportedAndTheEditsWait() throws Exception {
        try (SyncClient ann = Devices.open(dir, "ann", Devices.DOWN)) {
            ann.createList("g", "Groceries", Policy.LWW);
            assertThatThrownBy(ann::sync).isInstanceOf(ServerUnreachableException.class);
            assertThat(ann.status().lastError()).contains("127.0.0.1:9");
            assertThat(ann.status().pending()).isEqualTo(1);
        }
    }

    @Test
    void rejectionsOfOwnEventsAreSurfacedAndAGapIsHealedByResending() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.sync();
            List<Rejection> heard = new CopyOnWriteArrayList<>();
            bob.addListener(new SyncListener() {
                @Override
                public void onRejected(Rejection rejection) {
                    heard.add(rejection);
                }
            });
            bob.createList("g", "Mine", Policy.LWW); // taken: list-exists
            bob.sync();
            assertThat(heard).extracting(Rejection::reason).containsExactly("list-exists");
            assertThat(bob.view("g").title()).isEqualTo("Groceries");
            assertThat(bob.view("g").pendingEdits()).isZero();

            String a = bob.addItem("g", "a");
            bob.addItem("g", "b");
            // a retried request carrying bob's third event overtook the others: the server saw a gap
            ClientEvent third = new ClientEvent(UUID.randomUUID().toString(), 4, new Hlc(System.currentTimeMillis(), 0),
                    new EventBody.ItemRenamed(a, "c", 2, new VClock(Map.of(bob.clientId(), 2L))));
            server.append("g", bob.clientId(), List.of(third));
            bob.sync();
            assertThat(heard).extracting(Rejection::reason).containsExactly("list-exists", "gap");
            assertThat(heard.getLast().expectedClientSeq()).isEqualTo(2);
            assertThat(bob.status().rejections()).hasSize(2);
            assertThat(bob.view("g").items()).extracting(ItemView::title).containsExactly("a", "b");
            assertThat(bob.view("g").pendingEdits()).isZero();
        }
    }

    @Test
    void membersAreEditedFromTheDeviceAndAForbiddenEditIsReportedLikeAnyRejection() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            server.signIn(ann.clientId(), "ann");
            server.signIn(bob.clientId(), "bob");
            List<Rejection> heard = new CopyOnWriteArrayList<>();
            bob.addListener(new SyncListener() {
                @Override
                public void onRejected(Rejection rejection) {
                    heard.add(rejection);
                }
            });
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addMember("g", "bob", Role.VIEWER);
            assertThat(ann.view("g").members()).as("pending, shown at once")
                    .containsExactly(Map.entry("bob", Role.VIEWER));
            ann.sync();
            assertThat(ann.view("g").members()).containsExactly(Map.entry("ann", Role.OWNER), Map.entry("bob", Role.VIEWER));

            bob.follow("g");
            bob.sync();
            bob.addItem("g", "Milk");
            bob.sync();
            assertThat(heard).extracting(Rejection::reason).containsExactly("forbidden");
            assertThat(heard.getFirst().healed()).isFalse();
            assertThat(heard.getFirst().toString()).contains("ItemAdded", "forbidden");
            assertThat(bob.view("g").pendingEdits()).as("a forbidden edit leaves the queue").isZero();
            assertThat(bob.view("g").items()).isEmpty();

            ann.addMember("g", "bob", Role.EDITOR);
            ann.sync();
            bob.sync();
            bob.addItem("g", "Eggs");
            bob.removeMember("g", "ann");
            bob.sync();
            assertThat(bob.view("g").items()).extracting(ItemView::title).containsExactly("Eggs");
            assertThat(heard).extracting(Rejection::reason).containsExactly("forbidden", "forbidden");
            assertThat(bob.view("g").members()).containsExactly(Map.entry("ann", Role.OWNER), Map.entry("bob", Role.EDITOR));

            ann.removeMember("g", "ann");
            ann.sync();
            assertThat(ann.status().rejections()).extracting(Rejection::reason).containsExactly("last-owner");
            assertThatThrownBy(() -> ann.addMember("g", "not a user", Role.EDITOR))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anotherUsersPushUnderThisDevicesClientIdIsNotReportedAsItsOwn() throws Exception {
        try (SyncClient ann = device("ann")) {
            server.signIn(ann.clientId(), "ann");
            ann.createList("g", "Groceries", Policy.LWW);
            ann.sync();
            server.appendAs("g", ann.clientId(), "mallory", List.of(new ClientEvent(UUID.randomUUID().toString(), 2,
                    new Hlc(System.currentTimeMillis(), 0), new EventBody.ListRenamed("Mine"))));
            ann.renameList("g", "Food");
            ann.sync();

            assertThat(server.log("g")).extracting(LogEntry::userId).containsExactly("ann", "mallory", "ann");
            assertThat(ann.status().rejections()).isEmpty();
            assertThat(ann.view("g").title()).isEqualTo("Food");
            assertThat(ann.view("g").pendingEdits()).isZero();
        }
    }

    @Test
    void theClockAdvancesWithEveryEventReceived() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            long ahead = System.currentTimeMillis() + 60_000; // a device whose clock runs a minute fast
            ann.createList("g", "Groceries", Policy.LWW);
            ann.sync();
            server.append("g", "fast", List.of(new ClientEvent(UUID.randomUUID().toString(), 1, new Hlc(ahead, 5),
                    new EventBody.ListRenamed("Fast title"))));
            bob.follow("g");
            bob.sync();
            bob.renameList("g", "Bob's title");
            bob.sync();
            LogEntry.Accepted last = (LogEntry.Accepted) server.log("g").getLast();
            assertThat(last.event().at()).isGreaterThan(new Hlc(ahead, 5));
            assertThat(bob.view("g").title()).isEqualTo("Bob's title");
        }
    }

    @Test
    void aWatchAppliesEntriesAsTheyArrive() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.sync();
            List<ListView> seen = new CopyOnWriteArrayList<>();
            bob.addListener(new SyncListener() {
                @Override
                public void onChange(ListView view) {
                    seen.add(view);
                }
            });
            try (ListWatch watch = bob.watch("g")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
                String milk = ann.addItem("g", "Buy milk");
                ann.sync();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> seen.getLast().item(milk) != null);
                assertThat(watch.listId()).isEqualTo("g");
            }
        }
    }
}
