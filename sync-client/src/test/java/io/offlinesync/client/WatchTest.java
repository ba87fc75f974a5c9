package io.offlinesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.client.FakeSyncServer.StreamAnswer;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.domain.TodoList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Watching lists over the live stream (protocol v1.1) against the in-memory protocol server: one stream for all the
 * lists of a client, entries applied in order, reconnects that resume from the cursors without duplicates or gaps,
 * a gap filled by catch-up, {@code removed} ending one list's watch, and the fallback to long-poll when the stream
 * cannot be had.
 */
class WatchTest extends AgainstFakeServer {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private SyncClient device(String name, WatchSettings watch) {
        return SyncClient.open(Devices.config(dir, name, server.url()).withWatch(watch));
    }

    /** The titles of the list's items as the server's fold shows them. */
    private List<String> serverTitles(String listId) {
        return TodoList.fold(listId, server.log(listId)).visibleItems().stream().map(i -> i.title().value()).toList();
    }

    private static List<String> titles(ListView view) {
        return view.items().stream().map(ItemView::title).toList();
    }

    /** Ann makes the lists and syncs them; bob joins them (so he has their logs, and the stream carries them). */
    private void shared(SyncClient ann, SyncClient bob, String... listIds) throws Exception {
        for (String listId : listIds) {
            ann.createList(listId, "List " + listId, Policy.LWW);
            ann.sync();
            bob.follow(listId);
            bob.sync();
        }
    }

    private static long cursor(SyncClient device, String listId) {
        return device.status().lists().stream().filter(l -> l.listId().equals(listId)).findFirst().orElseThrow().cursor();
    }

    @Test
    void oneStreamCarriesEveryWatchedListAndItsEntriesAreAppliedInOrder() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            shared(ann, bob, "g", "h");
            Map<String, List<List<String>>> seen = Map.of("g", new CopyOnWriteArrayList<>(), "h", new CopyOnWriteArrayList<>());
            bob.addListener(new SyncListener() {
                @Override
                public void onChange(ListView view) {
                    seen.get(view.listId()).add(titles(view));
                }
            });
            List<ListWatch> watches = bob.watch(List.of("g", "h"));
            await().atMost(DEADLINE).until(() -> bob.watchStatus().streamsOpened() == 1);
            assertThat(bob.watchStatus().streamed()).containsExactly("g", "h");
            for (int i = 1; i <= 3; i++) {
                ann.addItem("g", "g" + i);
                ann.sync(); // one entry at a time
            }
            ann.addItem("h", "h1");
            ann.addItem("h", "h2");
            ann.sync();

            await().atMost(DEADLINE).until(() -> titles(bob.view("g")).size() == 3 && titles(bob.view("h")).size() == 2);
            assertThat(titles(bob.view("g"))).isEqualTo(serverTitles("g")).containsExactly("g1", "g2", "g3");
            assertThat(titles(bob.view("h"))).isEqualTo(serverTitles("h"));
            // in listVersion order: every state shown is a prefix of the log's, each longer than the one before
            List<List<String>> shown = seen.get("g");
            assertThat(shown).isNotEmpty().allMatch(t -> t.equals(List.of("g1", "g2", "g3").subList(0, t.size())));
            for (int i = 1; i < shown.size(); i++) {
                assertThat(shown.get(i).size()).isGreaterThan(shown.get(i - 1).size());
            }
            assertThat(shown.getLast()).containsExactly("g1", "g2", "g3");
            assertThat(server.streamRequests()).containsExactly("g:1,h:1"); // one stream, from each cursor
            assertThat(server.catchUpQueries()).noneMatch(q -> q.contains("waitMs=20000")); // no long-poll
            assertThat(watches).allMatch(ListWatch::isOpen);
        }
    }

    @Test
    void aReconnectAfterTheStreamEndsResumesFromTheCursorsWithNoDuplicateAndNoGap() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            shared(ann, bob, "g");
            List<Rejection> rejected = new CopyOnWriteArrayList<>();
            bob.addListener(new SyncListener() {
                @Override
                public void onRejected(Rejection rejection) {
                    rejected.add(rejection);
                }
            });
            try (ListWatch watch = bob.watch("g")) {
                await().atMost(DEADLINE).until(() -> bob.watchStatus().streamsOpened() == 1);
                server.rejectNextAs(1, RejectReason.LAST_OWNER);
                bob.addItem("g", "refused"); // pushed by the watch; its rejection comes back over the stream
                await().atMost(DEADLINE).until(() -> rejected.size() == 1);
                ann.addItem("g", "milk");
                ann.sync();
                await().atMost(DEADLINE).until(() -> titles(bob.view("g")).contains("milk"));
                long cursorAtDrop = cursor(bob, "g");
                assertThat(cursorAtDrop).isEqualTo(3);

                server.replayOnResume(2); // a careless server would send the last two entries again
                server.dropStreams();      // an instance killed: EOF, no "closed"
                await().atMost(DEADLINE).until(() -> bob.watchStatus().streamsOpened() == 2);
                assertThat(server.streamRequests()).containsExactly("g:1", "g:" + cursorAtDrop);

                server.closeStreams("shutting-down"); // an instance going away on purpose
                await().atMost(DEADLINE).until(() -> bob.watchStatus().streamsOpened() == 3);
                ann.addItem("g", "eggs");
                ann.sync();
                await().atMost(DEADLINE).until(() -> titles(bob.view("g")).contains("eggs"));

                assertThat(server.streamRequests()).containsExactly("g:1", "g:3", "g:3");
                assertThat(titles(bob.view("g"))).isEqualTo(serverTitles("g")).containsExactly("milk", "eggs");
                assertThat(cursor(bob, "g")).isEqualTo(server.log("g").size());
                assertThat(rejected).hasSize(1); // the replayed rejection was not applied a second time
                assertThat(bob.status().rejections()).hasSize(1);
                assertThat(bob.status().pending()).isZero();
                assertThat(watch.isOpen()).isTrue();
            }
        }
    }

    @Test
    void aGapInTheStreamIsFilledByACatchUpRead() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            shared(ann, bob, "g");
            try (ListWatch watch = bob.watch("g")) {
                await().atMost(DEADLINE).until(() -> bob.watchStatus().streamsOpened() == 1);
                int catchUpsBefore = server.catchUpQueries().size();
                server.skipNextStreamedEntry("g"); // v2 never comes over the stream, v3 does
                ann.addItem("g", "milk");
                ann.addItem("g", "eggs");
                ann.sync();
                await().atMost(DEADLINE).until(() -> titles(bob.view("g")).size() == 2);
                assertThat(titles(bob.view("g"))).isEqualTo(serverTitles("g")).containsExactly("milk", "eggs");
                assertThat(server.catchUpQueries().subList(catchUpsBefore, server.catchUpQueries().size()))
                        .contains("after=1&limit=1000&waitMs=0");
                assertThat(bob.watchStatus().streamed()).containsExactly("g"); // the stream goes on
            }
        }
    }

    @Test
    void addingOrRemovingAWatchedListReopensTheStreamWithTheCurrentCursors() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            shared(ann, bob, "g", "h");
            try (ListWatch g = bob.watch("g")) {
                await().atMost(DEADLINE).until(() -> bob.watchStatus().streamsOpened() == 1);
                ann.addItem("g", "milk");
                ann.sync();
                await().atMost(DEADLINE).until(() -> cursor(bob, "g") == 2);
                ListWatch h = bob.watch("h");
                await().atMost(DEADLINE).until(() -> bob.watchStatus().streamsOpened() == 2);
                h.close();
                await().atMost(DEADLINE).until(() -> bob.watchStatus().streamsOpened() == 3);
                assertThat(server.streamRequests()).containsExactly("g:1", "g:2,h:1", "g:2");
                assertThat(bob.watchStatus().streamed()).containsExactly("g");
                ann.addItem("g", "eggs");
                ann.addItem("h", "tea");
                ann.sync();
                await().atMost(DEADLINE).until(() -> titles(bob.view("g")).contains("eggs"));
                assertThat(titles(bob.view("h"))).isEmpty(); // no longer watched
                assertThat(g.isOpen()).isTrue();
                assertThat(h.isOpen()).isFalse();
            }
        }
    }

    @Test
    void aListNotOnTheServerYetIsLongPolledUntilItHasALogThenStreamed() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            ann.createList("new", "New", Policy.LWW); // only on ann's device so far
            ann.addItem("new", "milk");
            try (ListWatch watch = ann.watch("new")) { // the watch pushes it, joins its log, then streams it
                await().atMost(DEADLINE).until(() -> ann.watchStatus().streamed().contains("new"));
                assertThat(ann.view("new").pendingEdits()).isZero();
                // the status says "streamed" as the stream is asked for: its request reaches the server just after
                await().atMost(DEADLINE).until(() -> !server.streamRequests().isEmpty());
                assertThat(server.streamRequests()).containsExactly("new:2");
                bob.follow("new");
                bob.sync();
                bob.addItem("new", "eggs");
                bob.sync();
                await().atMost(DEADLINE).until(() -> titles(ann.view("new")).contains("eggs"));
                assertThat(titles(ann.view("new"))).isEqualTo(serverTitles("new"));
            }
        }
    }

    @Test
    void aStreamThatFallsSilentIsDroppedAndReopened() throws Exception {
        server.heartbeatEvery(Duration.ofHours(1)); // the first heartbeat, then nothing: a dead connection
        try (SyncClient ann = device("ann");
             SyncClient bob = device("bob", Devices.WATCH.withSilence(Duration.ofMillis(400)))) {
            shared(ann, bob, "g");
            try (ListWatch watch = bob.watch("g")) {
                await().atMost(DEADLINE).until(() -> server.streamRequests().size() >= 3);
                assertThat(server.streamRequests()).allMatch("g:1"::equals);
                server.heartbeatEvery(Duration.ofSeconds(15));
                ann.addItem("g", "milk");
                ann.sync();
                await().atMost(DEADLINE).until(() -> titles(bob.view("g")).contains("milk"));
                assertThat(bob.watchStatus().fallbackReason()).isNull(); // silence is not a reason to long-poll
            }
        }
    }

    @Test
    void aRemovedListsWatchEndsAndIsReportedWhileTheOtherListsGoOn() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer()) {
            server.trust(issuer);
            try (SyncClient ann = signedIn(issuer, "ann"); SyncClient bob = signedIn(issuer, "bob")) {
                for (String listId : List.of("g", "h")) {
                    ann.createList(listId, "List " + listId, Policy.LWW);
                    ann.sync();
                    server.addMember(listId, "bob", "editor");
                    bob.follow(listId);
                    bob.sync();
                }
                List<String> ended = new CopyOnWriteArrayList<>();
                bob.addListener(new SyncListener() {
                    @Override
                    public void onWatchEnded(String listId, String reason) {
                        ended.add(listId + ": " + reason);
                    }
                });
                List<ListWatch> watches = bob.watch(List.of("g", "h"));
                await().atMost(DEADLINE).until(() -> bob.watchStatus().streamsOpened() == 1);

                server.removeMember("g", "bob");
                await().atMost(DEADLINE).until(() -> !ended.isEmpty());
                assertThat(ended).hasSize(1);
                assertThat(ended.getFirst()).startsWith("g: the server removed it from the stream");
                assertThat(watches.get(0).isOpen()).isFalse();
                assertThat(watches.get(0).ended().orElseThrow()).contains("may no longer read it");
                assertThat(bob.status().lastError()).startsWith("watch g: the server removed it");
                assertThat(bob.watchStatus().streamed()).containsExactly("h");

                ann.addItem("g", "secret");
                ann.addItem("h", "milk");
                ann.sync();
                await().atMost(DEADLINE).until(() -> titles(bob.view("h")).contains("milk"));
                assertThat(titles(bob.view("g"))).isEmpty();
                assertThat(watches.get(1).isOpen()).isTrue();
                assertThat(server.streamRequests()).hasSize(1); // "removed" needs no new stream
            }
        }
    }

    private SyncClient signedIn(FakeIssuer issuer, String name) throws Exception {
        SyncClient device = SyncClient.open(Devices.config(dir, name, server.url()).withWallClock(issuer::now));
        device.signIn(issuer.url(), "offline-sync-cli", name, name.toCharArray());
        return device;
    }

    @Test
    void aStreamThatCannotBeHadFallsBackToLongPollAndStillDeliversEntries() throws Exception {
        Map<StreamAnswer, String> reasons = Map.of(
                StreamAnswer.NOT_FOUND, "the query-api answered /v1/stream with 404",
                StreamAnswer.JSON, "with application/json, not text/event-stream",
                StreamAnswer.NO_ANSWER, "no answer within 500 ms",
                StreamAnswer.NO_BYTES, "no bytes within 500 ms");
        for (StreamAnswer answer : reasons.keySet()) {
            String listId = "l-" + answer.name().toLowerCase();
            server.answerStreams(answer);
            try (SyncClient ann = device("ann-" + listId);
                 SyncClient bob = device("bob-" + listId, Devices.WATCH.withFirstBytes(Duration.ofMillis(500)))) {
                shared(ann, bob, listId);
                int catchUpsBefore = server.catchUpQueries().size();
                try (ListWatch watch = bob.watch(listId)) {
                    await().atMost(DEADLINE).until(() -> bob.watchStatus().fallbackReason() != null);
                    assertThat(bob.watchStatus().fallbackReason()).as(answer.name()).contains(reasons.get(answer));
                    assertThat(bob.watchStatus().longPolled()).containsExactly(listId);
                    assertThat(bob.status().lastError()).startsWith("watch: the live stream is not available (")
                            .endsWith("); long-polling instead");
                    ann.addItem(listId, "milk");
                    ann.sync();
                    await().atMost(DEADLINE).until(() -> titles(bob.view(listId)).contains("milk"));
                    assertThat(server.catchUpQueries().subList(catchUpsBefore, server.catchUpQueries().size()))
                            .contains("after=1&limit=1000&waitMs=20000"); // a long-poll from bob's cursor
                    assertThat(bob.watchStatus().streamsOpened()).isZero();
                }
            }
        }
    }

    @Test
    void afterAFallbackTheStreamIsTriedAgainAndTakesOver() throws Exception {
        server.answerStreams(StreamAnswer.NOT_FOUND);
        try (SyncClient ann = device("ann");
             SyncClient bob = device("bob", Devices.WATCH.withRetryStreamAfter(Duration.ofMillis(500)))) {
            shared(ann, bob, "g");
            try (ListWatch watch = bob.watch("g")) {
                await().atMost(DEADLINE).until(() -> bob.watchStatus().fallbackReason() != null);
                server.answerStreams(StreamAnswer.LIVE); // the query-api was upgraded meanwhile
                await().atMost(DEADLINE).until(() -> bob.watchStatus().streamsOpened() == 1);
                assertThat(bob.watchStatus().fallbackReason()).isNull();
                assertThat(bob.watchStatus().streamed()).containsExactly("g");
                assertThat(bob.watchStatus().longPolled()).isEmpty();
                ann.addItem("g", "milk");
                ann.sync();
                await().atMost(DEADLINE).until(() -> titles(bob.view("g")).contains("milk"));
            }
        }
    }

    @Test
    void aWatchPushesTheEditsMadeWhileItRuns() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            shared(ann, bob, "g");
            try (ListWatch watch = bob.watch("g")) {
                await().atMost(DEADLINE).until(() -> bob.watchStatus().streamsOpened() == 1);
                bob.addItem("g", "milk"); // no sync: the watch pushes it, and its entry comes back over the stream
                await().atMost(DEADLINE).until(() -> serverTitles("g").contains("milk") && bob.view("g").pendingEdits() == 0);
                ann.sync();
                assertThat(titles(ann.view("g"))).containsExactly("milk");
            }
        }
    }
}
