package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.offlinesync.client.InvalidEditException;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.client.FenceWait;
import io.offlinesync.client.ListView;
import io.offlinesync.client.ListWatch;
import io.offlinesync.client.RetryPolicy;
import io.offlinesync.client.SyncClient;
import io.offlinesync.client.SyncClientConfig;
import io.offlinesync.client.ItemView;
import io.offlinesync.client.SetAside;
import io.offlinesync.domain.Role;
import io.offlinesync.client.auth.TokenSource;
import io.offlinesync.client.SyncReport;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.SyncHttp;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.protocol.CatchUpPage;
import io.offlinesync.protocol.ListSnapshotJson;
import io.offlinesync.protocol.ListState;
import io.offlinesync.domain.TodoList;
import java.net.URI;
import java.util.UUID;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client SDK against the real services: devices that were offline converge with each other and with
 * the server's state, a late joiner gets the same state from the server's snapshot plus the tail, and lost or refused answers never duplicate events.
 * The network between devices and services is a {@link ToggleProxy} per service.
 */
@PlatformTest
class SyncClientIT {

    private static final RetryPolicy PATIENT = new RetryPolicy(5, Duration.ofMillis(50), Duration.ofSeconds(1));
    private static Platform platform;

    @TempDir
    Path dir;
    ToggleProxy gateway;
    ToggleProxy query;
    SyncHttp direct;

    @BeforeEach
    void proxies() throws Exception {
        gateway = new ToggleProxy(platform.gatewayUrl());
        query = new ToggleProxy(platform.queryUrl());
        direct = new SyncHttp(URI.create(platform.gatewayUrl()), URI.create(platform.queryUrl()),
                TokenSource.fixed(platform.token()));
    }

    @AfterEach
    void closeProxies() throws Exception {
        gateway.close();
        query.close();
        direct.close();
    }

    /** A profile behind the proxies (the network the test controls). */
    private SyncClient device(String name) {
        return SyncClient.open(new SyncClientConfig(dir.resolve(name + ".db"), name, URI.create(gateway.url()),
                URI.create(query.url()), PATIENT, System::currentTimeMillis)
                .withTokens(TokenSource.fixed(platform.token())));
    }

    private void offline() {
        gateway.refuse();
        query.refuse();
    }

    private void online() {
        gateway.forward();
        query.forward();
    }

    @Test
    void devicesThatEditedOfflineConvergeInEitherOrderAndALateJoinerAgrees() throws Exception {
        for (Policy policy : List.of(Policy.VECTOR, Policy.LWW)) {
            for (boolean annFirst : new boolean[] {true, false}) {
                String listId = "trip-" + policy.wireName() + "-" + annFirst + "-" + System.nanoTime();
                converge(listId, policy, annFirst);
            }
        }
    }

    private void converge(String listId, Policy policy, boolean annFirst) throws Exception {
        try (SyncClient ann = device("ann-" + listId); SyncClient bob = device("bob-" + listId)) {
            ann.createList(listId, "Trip", policy);
            String tent = ann.addItem(listId, "Tent");
            String stove = ann.addItem(listId, "Stove");
            String maps = ann.addItem(listId, "Maps");
            ann.sync();
            bob.follow(listId);
            bob.sync();
            assertThat(bob.view(listId).items()).hasSize(3);

            offline();
            ann.renameItem(listId, tent, "Big tent");
            bob.renameItem(listId, tent, "Small tent");
            ann.delete(listId, stove);
            bob.complete(listId, stove);
            bob.complete(listId, maps);
            ann.renameItem(listId, maps, "Paper maps");
            assertThatThrownBy(ann::sync).isInstanceOf(ServerUnreachableException.class);
            assertThatThrownBy(bob::sync).isInstanceOf(ServerUnreachableException.class);
            assertThat(ann.view(listId).item(stove)).isNull();
            assertThat(bob.view(listId).item(stove).completed()).isTrue();

            online();
            SyncClient first = annFirst ? ann : bob;
            SyncClient second = annFirst ? bob : ann;
            first.sync();
            second.sync();
            first.sync();
            assertThat(ann.view(listId).pendingEdits()).isZero();
            assertThat(bob.view(listId).pendingEdits()).isZero();
            assertThat(items(ann.view(listId))).as(listId).isEqualTo(items(bob.view(listId)));
            assertThat(items(ann.view(listId))).isEqualTo(serverItems(listId, ann.view(listId).syncedVersion()));
            assertThat(ann.view(listId).item(stove)).isNull();
            if (policy == Policy.VECTOR) {
                assertThat(ann.view(listId).item(tent).conflicts()).containsKey("title");
            }

            // a third device joins later: the server's snapshot with registers, then only the tail
            try (SyncClient carol = device("carol-" + listId)) {
                long head = fullLog(listId).size();
                carol.follow(listId);
                SyncReport joined = carol.sync();
                assertThat(joined.joinedAt()).as(listId).isPositive();
                assertThat(joined.pulled()).as("only the tail after the snapshot")
                        .isEqualTo(head - joined.joinedAt()).isLessThan((int) head);
                assertThat(items(carol.view(listId))).isEqualTo(items(ann.view(listId))).isEqualTo(items(bob.view(listId)))
                        .isEqualTo(serverItems(listId, carol.view(listId).syncedVersion()));

                // carol's edit conflicts with an older one bob made offline, before he saw hers
                bob.renameItem(listId, maps, "Bob's maps");
                carol.renameItem(listId, maps, "Carol's maps");
                carol.sync();
                bob.sync();
                ann.sync();
                carol.sync();
                long version = ann.view(listId).syncedVersion();
                assertThat(carol.view(listId).syncedVersion()).isEqualTo(version);
                assertThat(items(carol.view(listId))).isEqualTo(items(ann.view(listId)))
                        .isEqualTo(items(bob.view(listId))).isEqualTo(serverItems(listId, version));
                if (policy == Policy.VECTOR) {
                    assertThat(carol.view(listId).item(maps).conflicts().get("title"))
                            .containsExactlyInAnyOrder("Bob's maps", "Carol's maps");
                }
            }
        }
    }

    /**
     * Two users, each signed in with the real issuer (password grant): ann's list is invisible to bob until she
     * shares it; then bob edits it; a viewer's edit comes back as a forbidden rejection; unsharing ends bob's
     * access. Everything through the SDK's own calls.
     */
    @Test
    void signedInUsersShareAListAndTheLogDecidesWhatEachMayDo() throws Exception {
        String listId = "shared-" + System.nanoTime();
        URI issuer = URI.create(platform.issuer.issuerUri());
        try (SyncClient ann = signedIn("ann-" + listId, issuer, "ann"); SyncClient bob = signedIn("bob-" + listId, issuer, "bob")) {
            ann.createList(listId, "Shared", Policy.LWW);
            ann.addItem(listId, "Milk");
            ann.sync();
            assertThat(bob.serverLists()).as("not shared yet: no such list for bob")
                    .noneMatch(list -> list.listId().equals(listId));

            ann.addMember(listId, "bob", Role.EDITOR);
            ann.sync();
            await("bob sees the list").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> bob.serverLists().stream().anyMatch(list -> list.listId().equals(listId)
                            && list.role().equals("editor")));
            bob.follow(listId);
            bob.sync();
            bob.addItem(listId, "Bread");
            bob.sync();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                ann.sync();
                assertThat(ann.view(listId).items()).extracting(ItemView::title).containsExactly("Milk", "Bread");
            });

            // a viewer's edit: the log says forbidden, the SDK reports it and drops it from the queue
            ann.addMember(listId, "bob", Role.VIEWER);
            ann.sync();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> bob.members(listId).map(m -> "viewer".equals(m.get("bob"))).orElse(false));
            bob.sync();
            bob.addItem(listId, "Cake");
            SyncReport refused = bob.sync();
            assertThat(refused.setAside()).as("the gateway's view knows bob is a viewer: refused at the door")
                    .isNotEmpty();
            assertThat(bob.setAside()).extracting(SetAside::reason).contains(SetAside.FORBIDDEN);
            assertThat(bob.status().pending()).isZero();

            // unshared: the list is gone for bob
            ann.removeMember(listId, "bob");
            ann.sync();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> bob.members(listId).isEmpty());
            // ann's read is of the folded state, which follows the log a moment after the membership view
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ann.members(listId).equals(java.util.Optional.of(java.util.Map.of("ann", "owner"))));
        }
    }

    private SyncClient signedIn(String name, URI issuer, String user) throws Exception {
        SyncClient client = SyncClient.open(SyncClientConfig.of(dir.resolve(name + ".db"), name,
                URI.create(platform.gatewayUrl()), URI.create(platform.queryUrl())));
        client.signIn(issuer, "offline-sync-cli", user, user.toCharArray());
        return client;
    }

    @Test
    void theStateEndpointAddsRegistersOnlyWhenAskedAndTheyRestoreTheServersFold() throws Exception {
        String listId = "regs-" + System.nanoTime();
        try (SyncClient ann = device("ann-" + listId)) {
            ann.createList(listId, "Regs", Policy.VECTOR);
            String milk = ann.addItem(listId, "Milk");
            String eggs = ann.addItem(listId, "Eggs");
            ann.delete(listId, eggs);
            ann.renameItem(listId, milk, "Oat milk");
            ann.sync();
            serverItems(listId, 5);

            String plain = get("/v1/lists/" + listId).body();
            assertThat(plain).doesNotContain("\"registers\"");
            assertThat(get("/v1/lists/" + listId + "?registers=false").body()).isEqualTo(plain);
            String withRegisters = get("/v1/lists/" + listId + "?registers=true").body();
            TodoList restored = ListSnapshotJson.read(withRegisters).orElseThrow();
            assertThat(restored.listVersion()).isEqualTo(5);
            assertThat(restored.item(eggs).deleted()).isTrue();
            assertThat(restored.item(milk).title().visible().count()).isEqualTo(2);
            assertThat(ListState.read(withRegisters)).isEqualTo(ListState.read(plain));

            HttpResponse<String> bad = get("/v1/lists/" + listId + "?registers=yes");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("\"field\":\"registers\"");
            assertThat(get("/v1/lists/" + listId + "?policy=lww&registers=true").statusCode()).isEqualTo(400);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(platform.queryUrl() + path))
                            .header("Authorization", "Bearer " + platform.token()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void answersLostToAResetOrReplacedByA503AreResentAndTheLogHoldsEachEventOnce() throws Exception {
        String listId = "flaky-" + System.nanoTime();
        try (SyncClient dave = device("dave")) {
            dave.createList(listId, "Flaky", Policy.COUNTER);
            dave.addItem(listId, "one");
            dave.addItem(listId, "two");
            gateway.cutAnswers(1);
            dave.sync();
            dave.addItem(listId, "three");
            String four = dave.addItem(listId, "four");
            dave.complete(listId, four);
            gateway.replaceAnswersWith503(2);
            dave.sync();
            assertThat(dave.view(listId).pendingEdits()).isZero();
            assertThat(dave.view(listId).items()).extracting(i -> i.title()).containsExactly("one", "two", "three", "four");

            List<LogEntry> log = fullLog(listId);
            assertThat(log).allMatch(e -> e instanceof LogEntry.Accepted);
            assertThat(log).extracting(LogEntry::clientSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(log).extracting(LogEntry::eventId).doesNotHaveDuplicates();
        }
    }

    @Test
    void anEditTheGatewayRefusesIsSetAsideAndTheEditsAfterItLandWithoutAGap() throws Exception {
        String listId = "refused-" + System.nanoTime();
        try (SyncClient erin = device("erin")) {
            erin.createList(listId, "Refused", Policy.LWW);
            erin.addItem(listId, "before");
            // this SDK refuses it before it is queued: one code point over the protocol's title limit
            assertThatThrownBy(() -> erin.addItem(listId, "x".repeat(501)))
                    .isInstanceOf(InvalidEditException.class)
                    .hasMessageContaining("title must be at most 500 Unicode code points, has 501");
        }
        // but a profile an older SDK wrote may hold such an edit in its queue: the gateway refuses it (400)
        try (LocalStore store = LocalStore.open(dir.resolve("erin.db"), "erin")) {
            long seq = store.list(listId).orElseThrow().nextClientSeq();
            Hlc at = new Hlc(System.currentTimeMillis(), 0);
            store.addPending(listId, new ClientEvent(UUID.randomUUID().toString(), seq, at,
                    new EventBody.ListRenamed("x".repeat(501))), at);
        }
        try (SyncClient erin = device("erin")) {
            erin.addItem(listId, "after");
            SyncReport report = erin.sync();

            assertThat(report.setAside()).singleElement().satisfies(s -> assertThat(s.reason())
                    .isEqualTo("title: must be at most 500 Unicode code points, has 501"));
            assertThat(erin.status().setAside()).hasSize(1);
            assertThat(erin.view(listId).pendingEdits()).isZero();
            List<LogEntry> log = fullLog(listId);
            assertThat(log).allMatch(e -> e instanceof LogEntry.Accepted);
            assertThat(log).extracting(LogEntry::clientSeq).containsExactly(1L, 2L, 3L);
            assertThat(TodoList.fold(listId, log).visibleItems()).extracting(i -> i.title().value())
                    .containsExactly("before", "after");
            assertThat(erin.view(listId).title()).isEqualTo("Refused");
        }
    }

    @Test
    void aProfileRestoredFromAnOldBackupGetsEveryEditIntoTheLogOnce() throws Exception {
        String listId = "restored-" + System.nanoTime();
        try (SyncClient fay = device("fay")) {
            fay.createList(listId, "Restored", Policy.VECTOR);
            fay.addItem(listId, "milk");
            fay.sync();
        }
        java.nio.file.Files.copy(dir.resolve("fay.db"), dir.resolve("fay-backup.db"));
        try (SyncClient fay = device("fay")) {
            fay.addItem(listId, "eggs");
            fay.addItem(listId, "bread");
            fay.sync();
        }
        try (SyncClient restored = device("fay-backup")) { // the same clientId, its counter two edits behind
            restored.addItem(listId, "tea");
            restored.addItem(listId, "coffee");
            restored.addItem(listId, "jam");
            restored.sync();
            assertThat(restored.view(listId).pendingEdits()).isZero();

            List<LogEntry> log = fullLog(listId);
            List<LogEntry> accepted = log.stream().filter(e -> e instanceof LogEntry.Accepted).toList();
            assertThat(accepted).extracting(LogEntry::clientSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(TodoList.fold(listId, log).visibleItems()).extracting(i -> i.title().value())
                    .containsExactlyInAnyOrder("milk", "eggs", "bread", "tea", "coffee", "jam");
            assertThat(restored.view(listId).items()).extracting(i -> i.title())
                    .containsExactlyInAnyOrder("milk", "eggs", "bread", "tea", "coffee", "jam");
        }
    }

    /**
     * Protocol v1.1's live stream and read-your-writes fence against the real query-api: a sync reads its own push
     * behind the fence; a watch gets another device's edits over one stream, and after the network drops it, resumes
     * from its cursor with nothing missing and nothing twice.
     */
    @Test
    void aWatchGetsEditsOverTheLiveStreamAndResumesAfterADropWhileSyncReadsItsOwnWrites() throws Exception {
        String listId = "live-" + System.nanoTime();
        try (SyncClient ann = device("ann-" + listId); SyncClient bob = device("bob-" + listId)) {
            ann.createList(listId, "Live", Policy.LWW);
            ann.addItem(listId, "Tent");
            SyncReport pushed = ann.sync();
            assertThat(pushed.fences()).extracting(FenceWait::outcome).containsExactly(FenceWait.Outcome.REACHED);
            assertThat(ann.view(listId).pendingEdits()).isZero();
            bob.follow(listId);
            bob.sync();

            try (ListWatch watch = bob.watch(listId)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> bob.watchStatus().streamsOpened() >= 1);
                assertThat(bob.watchStatus().streamed()).containsExactly(listId);
                String stove = ann.addItem(listId, "Stove");
                ann.sync();
                await().atMost(Duration.ofSeconds(30)).until(() -> bob.view(listId).item(stove) != null);

                query.refuse(); // the stream's connection is cut; the device reconnects once it can
                String maps = ann.addItem(listId, "Maps");
                ann.renameItem(listId, stove, "Camping stove");
                query.forward();
                ann.sync();
                await().atMost(Duration.ofSeconds(30)).until(() -> bob.view(listId).item(maps) != null
                        && bob.view(listId).item(stove).title().equals("Camping stove"));
                assertThat(bob.watchStatus().streamsOpened()).isGreaterThanOrEqualTo(2);
                assertThat(bob.watchStatus().fallbackReason()).isNull();
                long version = ann.view(listId).syncedVersion();
                assertThat(bob.view(listId).syncedVersion()).isEqualTo(version).isEqualTo(fullLog(listId).size());
                assertThat(items(bob.view(listId))).isEqualTo(items(ann.view(listId))).isEqualTo(serverItems(listId, version));
                assertThat(watch.isOpen()).isTrue();
            }
        }
    }

    private List<LogEntry> fullLog(String listId) throws Exception {
        List<LogEntry> log = new ArrayList<>();
        long after = 0;
        while (true) {
            CatchUpPage page = direct.pull(listId, after, 1000, 0).orElseThrow();
            log.addAll(page.events());
            after = page.next();
            if (page.upToDate()) {
                return log;
            }
        }
    }

    /** The server's state once its projection has folded {@code version}, as comparable rows. */
    private List<List<Object>> serverItems(String listId, long version) {
        await().atMost(Duration.ofSeconds(30)).until(() -> direct.state(listId)
                .map(s -> s.state().listVersion() >= version).orElse(false));
        try {
            ListState state = direct.state(listId).orElseThrow().state();
            return state.items().stream()
                    .map(i -> List.<Object>of(i.itemId(), i.title(), i.completed(), i.conflicts())).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<Object>> items(ListView view) {
        return view.items().stream().map(i -> List.<Object>of(i.itemId(), i.title(), i.completed(), i.conflicts())).toList();
    }
}
