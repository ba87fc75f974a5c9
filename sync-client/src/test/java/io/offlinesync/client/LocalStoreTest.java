package io.offlinesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.client.auth.AccessToken;
import io.offlinesync.client.auth.SavedSession;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.RejectReason;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile store keeps every local edit across restarts and crashes, and never sends one twice into the log. */
class LocalStoreTest {

    @TempDir
    Path dir;

    @Test
    void editsSurviveCloseAndReopen() {
        String clientId;
        String milk;
        ListView before;
        try (SyncClient device = Devices.open(dir, "ann", Devices.DOWN)) {
            clientId = device.clientId();
            device.createList("groceries", "Groceries", Policy.VECTOR);
            milk = device.addItem("groceries", "Buy milk");
            String eggs = device.addItem("groceries", "Eggs");
            device.renameItem("groceries", milk, "Buy oat milk");
            device.complete("groceries", eggs);
            device.delete("groceries", eggs);
            before = device.view("groceries");
        }
        try (SyncClient device = Devices.open(dir, "ann", Devices.DOWN)) {
            assertThat(device.clientId()).isEqualTo(clientId);
            assertThat(device.view("groceries")).isEqualTo(before);
            assertThat(before.items()).extracting(ItemView::title).containsExactly("Buy oat milk");
            assertThat(before.items().getFirst().pending()).isTrue();
            assertThat(before.pendingEdits()).isEqualTo(6);
            assertThat(device.status().pending()).isEqualTo(6);
        }
    }

    @Test
    void aCrashBeforeThePushLosesNothingAndDuplicatesNothing() throws Exception {
        try (FakeSyncServer server = new FakeSyncServer()) {
            // The first process commits its edits and dies without closing anything (no push happened).
            SyncClient crashed = Devices.open(dir, "ann", server.url());
            crashed.createList("groceries", "Groceries", Policy.LWW);
            String milk = crashed.addItem("groceries", "Buy milk");
            crashed.complete("groceries", milk);

            try (SyncClient restarted = Devices.open(dir, "ann", server.url())) {
                assertThat(restarted.view("groceries").item(milk).completed()).isTrue();
                restarted.sync();
                assertThat(restarted.view("groceries").pendingEdits()).isZero();
                assertThat(server.log("groceries")).hasSize(3).allMatch(e -> e instanceof LogEntry.Accepted);
                assertThat(server.log("groceries")).extracting(LogEntry::clientSeq).containsExactly(1L, 2L, 3L);
            }
        }
    }

    @Test
    void aCrashAfterThePushBeforeTheAnswerResendsAndTheLogHoldsEachEventOnce() throws Exception {
        try (FakeSyncServer server = new FakeSyncServer()) {
            SyncClientConfig once = Devices.config(dir, "ann", server.url()).withRetry(
                    new RetryPolicy(1, Devices.FAST.base(), Devices.FAST.max()));
            SyncClient crashed = SyncClient.open(once);
            crashed.createList("groceries", "Groceries", Policy.LWW);
            crashed.addItem("groceries", "Buy milk");
            server.loseAnswers(1); // stored on the server, but the device never hears so
            assertThatThrownBy(crashed::sync).isInstanceOf(ServerUnreachableException.class);

            try (SyncClient restarted = Devices.open(dir, "ann", server.url())) {
                assertThat(restarted.view("groceries").pendingEdits()).isEqualTo(2);
                restarted.addItem("groceries", "Eggs");
                restarted.sync();
                assertThat(restarted.view("groceries").pendingEdits()).isZero();
                assertThat(restarted.view("groceries").items()).extracting(ItemView::title)
                        .containsExactly("Buy milk", "Eggs");
                List<LogEntry> log = server.log("groceries");
                assertThat(log).extracting(LogEntry::clientSeq).containsExactly(1L, 2L, 3L);
                assertThat(server.pushRequests()).isEqualTo(2);
            }
        }
    }

    private static void sql(Path file, String... statements) throws Exception {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement s = db.createStatement()) {
            for (String statement : statements) {
                s.executeUpdate(statement);
            }
        }
    }

    @Test
    void aProfileOfTheFirstSchemaIsMigratedItsDisplaySnapshotDropped() throws Exception {
        ListView before;
        try (FakeSyncServer server = new FakeSyncServer()) {
            try (SyncClient device = Devices.open(dir, "ann", server.url())) {
                device.createList("g", "Groceries", Policy.LWW);
                device.addItem("g", "Buy milk");
                device.sync();
                before = device.view("g");
            }
        }
        // what a schema 1 file looks like: no schema key, a display-only state next to the whole log
        sql(dir.resolve("ann.db"), "DELETE FROM meta WHERE key = 'schema'",
                "UPDATE lists SET snapshot_version = 2, snapshot = '{\"listId\":\"g\"}'");
        try (SyncClient device = Devices.open(dir, "ann", Devices.DOWN)) {
            assertThat(device.view("g")).isEqualTo(before);
            assertThat(device.status().lists().getFirst().joinedAt()).isZero();
        }
    }

    @Test
    void aProfileOfANewerSdkIsRefusedPlainly() throws Exception {
        try (SyncClient device = Devices.open(dir, "ann", Devices.DOWN)) {
            device.createList("g", "Groceries", Policy.LWW);
        }
        sql(dir.resolve("ann.db"), "UPDATE meta SET value = '5' WHERE key = 'schema'");
        assertThatThrownBy(() -> Devices.open(dir, "ann", Devices.DOWN))
                .hasMessageContaining("newer sync-client (store schema 5");
    }

    @Test
    void aProfileOfTheSecondSchemaLearnsHowFarTheServerNumberedItFromItsLog() throws Exception {
        try (FakeSyncServer server = new FakeSyncServer()) {
            try (SyncClient device = Devices.open(dir, "ann", server.url())) {
                device.createList("g", "Groceries", Policy.LWW);
                device.addItem("g", "Buy milk");
                device.sync();
                device.addItem("g", "Eggs"); // pending, numbered 3
            }
            // what a schema 2 file looks like: no server_client_seq, no set_aside table
            sql(dir.resolve("ann.db"), "UPDATE meta SET value = '2' WHERE key = 'schema'",
                    "ALTER TABLE lists DROP COLUMN server_client_seq", "DROP TABLE set_aside");
            try (LocalStore store = LocalStore.open(dir.resolve("ann.db"), "ann")) {
                assertThat(store.list("g").orElseThrow().serverClientSeq()).isEqualTo(2);
                assertThat(store.pending("g")).extracting(ClientEvent::clientSeq).containsExactly(3L); // not renumbered
            }
            try (SyncClient device = Devices.open(dir, "ann", server.url())) {
                device.sync();
                assertThat(server.log("g")).extracting(LogEntry::clientSeq).containsExactly(1L, 2L, 3L);
            }
        }
    }

    @Test
    void aProfileOfTheThirdSchemaGetsAnEmptySessionTableAndKeepsItsLists() throws Exception {
        try (SyncClient device = Devices.open(dir, "ann", Devices.DOWN)) {
            device.createList("g", "Groceries", Policy.LWW);
        }
        // what a schema 3 file looks like: no session table
        sql(dir.resolve("ann.db"), "UPDATE meta SET value = '3' WHERE key = 'schema'", "DROP TABLE session");
        try (LocalStore store = LocalStore.open(dir.resolve("ann.db"), "ann")) {
            assertThat(store.sessions().load()).isEmpty();
            SavedSession saved = new SavedSession(URI.create("http://localhost:8084"),
                    URI.create("http://localhost:8084/token"), null, "offline-sync-cli", "ann", "ann",
                    new AccessToken("a.b.c", Instant.ofEpochSecond(2_000_000_000L)), "r", null);
            store.sessions().save(saved);
            assertThat(store.sessions().load()).contains(saved);
            assertThat(store.lists()).extracting(l -> l.listId()).containsExactly("g");
        }
        try (SyncClient device = Devices.open(dir, "ann", Devices.DOWN)) {
            assertThat(device.session()).hasValueSatisfying(s -> assertThat(s.userId()).isEqualTo("ann"));
            assertThat(device.view("g").pendingEdits()).isEqualTo(1);
        }
    }

    @Test
    void theProfileFilesAreReadableByTheirOwnerOnlyForTheyHoldTheSessionsTokens() throws Exception {
        Path file = dir.resolve("ann.db");
        try (SyncClient device = Devices.open(dir, "ann", Devices.DOWN)) {
            device.createList("g", "Groceries", Policy.LWW);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            Path wal = dir.resolve("ann.db-wal");
            if (Files.exists(wal)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
            }
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--")); // an older SDK's file
        try (SyncClient device = Devices.open(dir, "ann", Devices.DOWN)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void aForbiddenRejectionOfAnEventThisDeviceNeverHadIsAnotherUsersPushUnderItsClientId() {
        try (LocalStore store = LocalStore.open(dir.resolve("ann.db"), "ann")) {
            String me = store.clientId();
            // the sequencer marks another user's push under this clientId (foreignClient): not this device's
            LogEntry impostor = new LogEntry.Rejected(2, me, 5, "not-mine", 40, RejectReason.FORBIDDEN, null, null,
                    "mallory", true);
            assertThat(store.appendLog("g", List.of(impostor), 2, new Hlc(0, 0), null)).isEmpty();
            assertThat(store.list("g").orElseThrow().serverClientSeq()).isZero(); // its numbering is untouched
            assertThat(store.list("g").orElseThrow().cursor()).isEqualTo(2);
            assertThat(store.rejections()).isEmpty();
        }
    }
}
