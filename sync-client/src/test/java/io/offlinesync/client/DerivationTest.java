package io.offlinesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.domain.Policy;
import io.offlinesync.domain.projection.Projection;
import io.offlinesync.domain.projection.TodoListProjection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A device derives its lists with any projection from its local log, re-derives them when the app ships another one
 * (nothing downloaded), gets the log a snapshot join skipped once for a projection that cannot start from the
 * snapshot, and reads the server's projections and its state under the app's projection.
 */
class DerivationTest extends AgainstFakeServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final LogTimeProjection V3 = LogTimeProjection.V3;

    private SyncClient device(String name, Projection<?> projection) {
        return SyncClient.open(Devices.config(dir, name, server.url()).withProjection(projection));
    }

    private Map<String, Object> freshView(String listId) {
        return V3.view(LogTimeProjection.fresh(listId, server.log(listId)));
    }

    @Test
    void deriveFoldsTheLocalLogAndShowsThePendingEditsOnACopy() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient bob = device("bob")) {
            List<Map<String, Object>> told = new CopyOnWriteArrayList<>();
            ann.addListener(V3, (listId, state) -> told.add(V3.view(state)));
            ann.createList("g", "Groceries", Policy.LWW);
            String milk = ann.addItem("g", "Buy milk");
            ann.sync();
            bob.follow("g");
            bob.sync();
            String eggs = bob.addItem("g", "Eggs");
            bob.complete("g", milk);
            bob.sync();
            ann.sync();
            assertThat(V3.view(ann.derive("g", V3))).isEqualTo(freshView("g"));

            String tea = ann.addItem("g", "Tea"); // pending: shown by the derivation, not in the cached fold
            LogTimeProjection.State shown = ann.derive("g", V3);
            assertThat(V3.view(shown).get("items")).isEqualTo(List.of(milk, eggs, tea));
            assertThat(shown.entries).isEqualTo(server.log("g").size() + 1);
            shown.list.apply(server.log("g").getFirst()); // the caller's copy: changing it changes nothing here
            assertThat(ann.derive("g", V3).entries).isEqualTo(server.log("g").size() + 1);
            assertThat(TodoListProjection.V1.view(ann.derive("g", TodoListProjection.V1)).get("items"))
                    .asList().hasSize(3);

            bob.delete("g", eggs);
            bob.sync();
            ann.sync(); // catches the cached fold up with bob's entry and ann's own
            assertThat(V3.view(ann.derive("g", V3))).isEqualTo(freshView("g"));
            assertThat(V3.view(ann.derive("g", V3)).get("items")).isEqualTo(List.of(milk, tea));
            // told of every change of the view (a pending edit's time becomes the server's: logTime moves), only then
            assertThat(told).hasSizeGreaterThanOrEqualTo(6);
            assertThat(told.getLast()).isEqualTo(freshView("g"));
            for (int i = 1; i < told.size(); i++) {
                assertThat(told.get(i)).as("view %d", i).isNotEqualTo(told.get(i - 1));
            }
        }
    }

    @Test
    void anAppShippingANewProjectionReDerivesEveryListFromTheLocalLogWithoutARequest() throws Exception {
        long entries = 0;
        try (SyncClient ann = device("ann")) {
            assertThat(ann.derivation().current()).isEqualTo(new ProjectionRef("v2", "todo-list", 2));
            for (String listId : List.of("a", "b", "c")) {
                ann.createList(listId, "List " + listId, Policy.VECTOR);
                for (int i = 0; i < 20; i++) {
                    ann.addItem(listId, listId + " item " + i);
                }
            }
            ann.sync();
            ann.addItem("c", "pending, not in the log");
            for (String listId : List.of("a", "b", "c")) {
                entries += server.log(listId).size();
            }
        }
        int requests = server.requests();
        try (SyncClient ann = device("ann", V3)) {
            Derivation derivation = ann.derivation();
            assertThat(derivation.changed()).isTrue();
            assertThat(derivation.current()).isEqualTo(new ProjectionRef("v3", "todo-logtime", 3));
            assertThat(derivation.previous()).isEqualTo(new ProjectionRef("v2", "todo-list", 2));
            assertThat(derivation.lists()).isEqualTo(3);
            assertThat(derivation.entries()).isEqualTo(entries).isEqualTo(63);
            assertThat(derivation.awaitingLog()).isEmpty();
            assertThat(derivation).hasToString("re-derived 3 lists under v3 (todo-logtime) from the local log "
                    + "(63 entries), nothing downloaded; was v2 (todo-list)");
            assertThat(ann.derivedView("a")).isEqualTo(freshView("a"));
            assertThat(ann.derivedView("b")).isEqualTo(freshView("b"));
            assertThat(ann.derive("c", V3).entries).isEqualTo(server.log("c").size() + 1);
            assertThat(server.requests()).as("requests made by opening and deriving").isEqualTo(requests);
        }
        try (SyncClient ann = device("ann", V3)) {
            assertThat(ann.derivation().changed()).as("the same projection as last time").isFalse();
            assertThat(ann.derivation()).hasToString("deriving with v3 (todo-logtime)");
        }
        try (SyncClient ann = device("ann")) { // the app rolled back to v2
            assertThat(ann.derivation().previous()).isEqualTo(new ProjectionRef("v3", "todo-logtime", 3));
            assertThat(ann.derivation().lists()).isEqualTo(3);
        }
        assertThat(server.requests()).isEqualTo(requests);
    }

    @Test
    void aListJoinedFromASnapshotGetsItsEarlierLogOnceWhenTheProjectionCannotStartFromTheSnapshot() throws Exception {
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.COUNTER);
            for (int i = 0; i < 30; i++) {
                ann.addItem("g", "item " + i);
            }
            ann.sync();
            try (SyncClient carol = device("carol")) { // v2: joins from the server's snapshot, pulls the tail only
                carol.follow("g");
                assertThat(carol.sync().joinedAt()).isEqualTo(31);
                ann.addItem("g", "after the join");
                ann.sync();
                assertThat(carol.sync().pulled()).isEqualTo(1);
            }
        }
        int requests = server.requests();
        try (SyncClient carol = device("carol", V3)) {
            assertThat(carol.derivation().awaitingLog()).containsExactly("g");
            assertThat(carol.derivation().lists()).isZero();
            assertThat(carol.derivation().toString()).endsWith("; 1 joined from a server snapshot needs its log "
                    + "before it (the next sync downloads it once): g");
            assertThatThrownBy(() -> carol.derive("g", V3)).isInstanceOf(LogPrefixMissingException.class)
                    .hasMessageContaining("first 31 log entries");
            // the todo-list fold starts from the snapshot it keeps
            assertThat(carol.derive("g", TodoListProjection.V2).visibleItems()).hasSize(31);
            assertThat(server.requests()).isEqualTo(requests);

            List<String> told = new ArrayList<>();
            carol.addListener(V3, (listId, state) -> told.add(listId));
            int queries = server.catchUpQueries().size();
            SyncReport report = carol.sync();
            List<String> asked = server.catchUpQueries().subList(queries, server.catchUpQueries().size());
            assertThat(asked.getFirst()).startsWith("after=0&limit=31&");
            assertThat(report.pulled()).isEqualTo(31);
            assertThat(carol.status().lists().getFirst().joinedAt()).as("the snapshot dropped").isZero();
            assertThat(carol.derivedView("g")).isEqualTo(freshView("g"));
            assertThat(told).containsExactly("g");

            queries = server.catchUpQueries().size();
            carol.sync();
            assertThat(server.catchUpQueries().subList(queries, server.catchUpQueries().size()))
                    .noneMatch(q -> q.startsWith("after=0&"));
        }
        try (SyncClient carol = device("carol", V3)) { // the whole log is local now: derived on open
            assertThat(carol.derivation().changed()).isFalse();
            assertThat(carol.derivedView("g")).isEqualTo(freshView("g"));
            assertThat(carol.view("g").items()).hasSize(31);
        }
    }

    @Test
    void aDeviceWhoseProjectionNeedsTheWholeLogDoesNotJoinFromASnapshot() throws Exception {
        try (SyncClient ann = device("ann"); SyncClient dave = device("dave", V3)) {
            ann.createList("g", "Groceries", Policy.LWW);
            for (int i = 0; i < 10; i++) {
                ann.addItem("g", "item " + i);
            }
            ann.sync();
            dave.follow("g");
            SyncReport report = dave.sync();
            assertThat(report.joinedAt()).isZero();
            assertThat(report.pulled()).isEqualTo(11);
            assertThat(dave.derivedView("g")).isEqualTo(freshView("g"));
        }
    }

    @Test
    void theServersProjectionsAndItsStateUnderTheAppsProjectionCompareWithTheDevicesOwn() throws Exception {
        try (SyncClient ann = device("ann")) {
            ann.createList("g", "Groceries", Policy.VECTOR);
            String milk = ann.addItem("g", "Buy milk");
            ann.addItem("g", "Eggs");
            ann.complete("g", milk);
            ann.sync();

            assertThat(ann.serverProjections()).isEqualTo(new ServerProjections("v2", "v1", List.of(
                    new ProjectionRef("v1", "todo-list", 1), new ProjectionRef("v2", "todo-list", 2))));
            Map<String, Object> state = ann.serverState("g").orElseThrow();
            assertThat(state).containsEntry("listId", "g").containsEntry("projection", "v2")
                    .containsEntry("listVersion", server.log("g").size());
            assertThat(viewOf(state)).isEqualTo(asJson(ann.derivedView("g"))).containsKey("stateHash");
            assertThat(ann.serverState("g", "v1").orElseThrow()).containsEntry("projection", "v1");
            assertThat(ann.serverState("nothing-here")).isEmpty();
            assertThatThrownBy(() -> ann.serverState("g", "v9")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("refused projection v9: projection must be one of v1, v2, was 'v9'");
        }
        server.serveProjections("v3", "v2", List.of(TodoListProjection.V1, TodoListProjection.V2, V3));
        try (SyncClient ann = device("ann", V3)) {
            assertThat(ann.serverProjections().serves("v3")).isTrue();
            Map<String, Object> state = ann.serverState("g").orElseThrow();
            assertThat(state).containsEntry("projection", "v3");
            assertThat(viewOf(state)).isEqualTo(asJson(ann.derivedView("g")));
        }
    }

    /** The projection's own fields of a served state: without the platform's. */
    private static Map<String, Object> viewOf(Map<String, Object> state) {
        Map<String, Object> view = new LinkedHashMap<>(state);
        List.of("listId", "projection", "listVersion", "clientSeqs", "source").forEach(view::remove);
        return view;
    }

    /** A view as JSON reads back (numbers as the smallest type that holds them), to compare with a served one. */
    private static Map<String, Object> asJson(Map<String, Object> view) {
        return JSON.readValue(JSON.writeValueAsString(view), new TypeReference<LinkedHashMap<String, Object>>() {});
    }
}
