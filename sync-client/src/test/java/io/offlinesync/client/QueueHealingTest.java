package io.offlinesync.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.domain.TodoList;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The queue heals itself: a clientSeq consumed by another copy of the profile is renumbered, an edit the gateway
 * refuses for good is set aside and the rest syncs, a list-limit rejection is reported with its limit. Nothing
 * the user typed is lost (each edit is in the server's log once, or set aside on the device).
 */
class QueueHealingTest extends AgainstFakeServer {

    /** The titles of the list's items as the server folds its log. */
    private Set<String> serverTitles(String listId) {
        return TodoList.fold(listId, server.log(listId)).visibleItems().stream()
                .map(i -> i.title().value()).collect(Collectors.toSet());
    }

    private static List<Rejection> heard(SyncClient device) {
        List<Rejection> heard = new CopyOnWriteArrayList<>();
        device.addListener(new SyncListener() {
            @Override
            public void onRejected(Rejection rejection) {
                heard.add(rejection);
            }
        });
        return heard;
    }

    @Test
    void aProfileRestoredFromAnOldBackupRenumbersItsEditsAfterTheServersAndLosesNone() throws Exception {
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addItem("g", "milk");
            ann.sync();
        }
        Files.copy(dir.resolve("ann.db"), dir.resolve("backup.db")); // clientSeqs 1-2 consumed
        try (SyncClient ann = device("ann")) {
            ann.addItem("g", "eggs");
            ann.addItem("g", "bread");
            ann.sync(); // consumes 3 and 4
        }
        try (SyncClient restored = device("backup")) {
            List<Rejection> heard = heard(restored);
            restored.addItem("g", "tea");    // numbered 3 on this copy: consumed by "eggs"
            restored.addItem("g", "coffee"); // 4: consumed by "bread"
            restored.addItem("g", "jam");    // 5: free, accepted where it lands
            SyncReport report = restored.sync();

            assertThat(heard).extracting(Rejection::reason).containsExactly("seq-reused", "seq-reused");
            assertThat(heard).allMatch(Rejection::healed);
            assertThat(heard.getFirst().toString()).contains("seq-reused, renumbered after #4");
            assertThat(report.pushed()).isGreaterThanOrEqualTo(5);
            assertThat(restored.view("g").pendingEdits()).isZero();
            assertThat(serverTitles("g")).containsExactlyInAnyOrder("milk", "eggs", "bread", "tea", "coffee", "jam");
            List<Long> accepted = server.log("g").stream().filter(e -> e instanceof LogEntry.Accepted)
                    .map(LogEntry::clientSeq).toList();
            assertThat(accepted).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L); // dense: nothing doubled, no gap
            assertThat(restored.view("g").items()).extracting(ItemView::title)
                    .containsExactlyInAnyOrder("milk", "eggs", "bread", "tea", "coffee", "jam");
        }
    }

    @Test
    void aCopyThatSeesItsClientIdAheadInTheLogNumbersNewEditsAfterItWithoutAnyRejection() throws Exception {
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.VECTOR);
            ann.sync();
        }
        Files.copy(dir.resolve("ann.db"), dir.resolve("laptop.db")); // the profile copied to a second machine
        try (SyncClient ann = device("ann")) {
            ann.addItem("g", "milk");
            ann.addItem("g", "eggs");
            ann.sync();
        }
        try (SyncClient laptop = device("laptop")) {
            List<Rejection> heard = heard(laptop);
            laptop.sync(); // the catch-up's clientSeqs show this clientId at 3
            laptop.addItem("g", "tea");
            laptop.sync();
            assertThat(heard).isEmpty();
            assertThat(server.log("g").getLast()).isInstanceOf(LogEntry.Accepted.class)
                    .extracting(LogEntry::clientSeq).isEqualTo(4L);
            assertThat(serverTitles("g")).containsExactlyInAnyOrder("milk", "eggs", "tea");
        }
    }

    @Test
    void anEditTheGatewayRefusesIsSetAsideReportedAndTheRestSyncsWithoutAGap() throws Exception {
        server.refuseTitle("bad");
        try (SyncClient ann = device("ann")) {
            List<SetAside> reported = new CopyOnWriteArrayList<>();
            ann.addListener(new SyncListener() {
                @Override
                public void onSetAside(SetAside setAside) {
                    reported.add(setAside);
                }
            });
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addItem("g", "a");
            ann.addItem("g", "bad");
            ann.addItem("g", "c");
            ann.addItem("g", "d");
            SyncReport report = ann.sync();

            assertThat(reported).singleElement().satisfies(s -> {
                assertThat(s.eventType()).isEqualTo("ItemAdded");
                assertThat(s.reason()).isEqualTo("title: is refused by this test");
            });
            assertThat(report.setAside()).isEqualTo(reported);
            assertThat(report.refusals()).isEmpty();
            assertThat(ann.status().lastError()).isNull();
            assertThat(ann.status().setAside()).isEqualTo(reported);
            assertThat(ann.view("g").pendingEdits()).isZero();
            assertThat(serverTitles("g")).containsExactlyInAnyOrder("a", "c", "d");
            assertThat(server.log("g")).allMatch(e -> e instanceof LogEntry.Accepted)
                    .extracting(LogEntry::clientSeq).containsExactly(1L, 2L, 3L, 4L);

            ann.addItem("g", "e"); // numbered on after the renumbered ones
            ann.sync();
            assertThat(server.log("g").getLast().clientSeq()).isEqualTo(5L);

            String id = reported.getFirst().eventId();
            assertThat(ann.discard("g", "nope")).isFalse();
            assertThat(ann.discard("g", id.substring(0, 8))).isTrue();
            assertThat(ann.setAside()).isEmpty();
        }
        try (SyncClient reopened = device("ann")) {
            assertThat(reopened.setAside()).isEmpty();
            assertThat(reopened.view("g").pendingEdits()).isZero();
        }
    }

    @Test
    void aSetAsideEditSurvivesARestartUntilDiscarded() throws Exception {
        server.refuseTitle("bad");
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addItem("g", "bad");
            ann.sync();
        }
        try (SyncClient ann = device("ann")) {
            assertThat(ann.setAside()).singleElement().extracting(SetAside::clientSeq).isEqualTo(2L);
            assertThat(ann.view("g").items()).isEmpty(); // it will never reach the server: not shown
        }
    }

    @Test
    void aListLimitRejectionIsReportedNamingTheLimitAndTheQueueGoesOn() throws Exception {
        server.limitItems(1);
        try (SyncClient ann = device("ann")) {
            List<Rejection> heard = heard(ann);
            ann.createList("g", "Groceries", Policy.COUNTER);
            String milk = ann.addItem("g", "milk");
            ann.addItem("g", "one too many");
            ann.complete("g", milk);
            ann.sync();

            assertThat(heard).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(RejectReason.LIST_LIMIT.wireName());
                assertThat(r.limit()).isEqualTo("items");
                assertThat(r.healed()).isFalse();
                assertThat(r.toString()).contains("list-limit: the list's items limit is reached");
            });
            assertThat(ann.status().rejections()).singleElement().extracting(Rejection::limit).isEqualTo("items");
            assertThat(ann.view("g").pendingEdits()).isZero();
            assertThat(ann.view("g").items()).extracting(ItemView::title, ItemView::completed)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("milk", true));
        }
    }
    @Test
    void batchesTooLargeAreSplitAndAnEditTooLargeEvenAloneIsSetAside() throws Exception {
        server.refuseBodiesOver(2_000);
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            for (int i = 0; i < 12; i++) {
                ann.addItem("g", "item " + i);
            }
            // within protocol v1's rules (500 code points), yet 2,000 bytes of UTF-8 by itself: too large even alone
            ann.addItem("g", "\uD83D\uDED2".repeat(500));
            ann.addItem("g", "last");
            SyncReport report = ann.sync();

            assertThat(report.setAside()).singleElement().satisfies(s -> assertThat(s.reason())
                    .startsWith("413: the body has").contains("at most 2000 are accepted"));
            assertThat(ann.view("g").pendingEdits()).isZero();
            assertThat(serverTitles("g")).hasSize(13).contains("item 0", "item 11", "last");
            assertThat(server.log("g")).extracting(LogEntry::clientSeq)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 14).boxed().toList());
        }
    }

    @Test
    void aRefusalThatIsNotTheEditsFaultKeepsTheQueueAndEndsTheSync() throws Exception {
        server.refuseAllPushesWith(409); // a 403 is the user's right to write: set aside (SignedInSyncTest)
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.addItem("g", "milk");
            long start = System.nanoTime();
            SyncReport report = ann.sync();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
            assertThat(report.refusals()).singleElement().asString().contains("refused (409)");
            assertThat(report.setAside()).isEmpty();
            assertThat(ann.status().pending()).isEqualTo(2);
            assertThat(ann.status().lastError()).contains("409");

            server.refuseAllPushesWith(0);
            ann.sync();
            assertThat(serverTitles("g")).containsExactly("milk");
            assertThat(ann.status().lastError()).isNull();
        }
    }
    @Test
    void aGapWhoseExpectedEventsTheDeviceNoLongerHoldsIsHealedByRenumbering() throws Exception {
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.LWW);
            ann.sync();
            ann.addItem("g", "lost"); // #2
            ann.addItem("g", "b");    // #3
            ann.addItem("g", "c");    // #4
        }
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ann.db"));
             java.sql.Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM pending WHERE client_seq = 2"); // gone from this device
        }
        try (SyncClient ann = device("ann")) {
            List<Rejection> heard = heard(ann);
            ann.sync();
            assertThat(heard).extracting(Rejection::reason).containsExactly("gap", "gap");
            assertThat(ann.view("g").pendingEdits()).isZero();
            assertThat(serverTitles("g")).containsExactlyInAnyOrder("b", "c");
            assertThat(server.log("g").stream().filter(e -> e instanceof LogEntry.Accepted).map(LogEntry::clientSeq))
                    .containsExactly(1L, 2L, 3L);
        }
    }
}
