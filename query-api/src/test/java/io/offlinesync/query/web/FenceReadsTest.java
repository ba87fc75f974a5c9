package io.offlinesync.query.web;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.offlinesync.access.membership.ListAccess;
import io.offlinesync.query.ReadLimits;
import io.offlinesync.query.cluster.ListReads;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read-your-writes fence (protocol v1.1) over the real controllers, problem handler and queries, on the stores of
 * the real topology ({@link QueryApiFixture}): a state or catch-up read with {@code waitFor} waits for the writer's
 * entry, started before the entry is written, and says {@code fenceReached}. The state reads here never look at the
 * state on their own (no periodic re-check): only the topology's watch can wake them before their time is up.
 */
class FenceReadsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** No periodic re-check of a waiting state read within any test's time: what wakes it is the change itself. */
    private static final Duration NO_RECHECK = Duration.ofHours(1);
    /** bob's device, an editor of groceries: the writer whose writes the reads wait for. */
    private static final String WRITER = "bob-phone";

    private QueryApiFixture fixture;

    private QueryApiFixture start(ReadLimits limits) {
        fixture = new QueryApiFixture(ListReads::singleInstance, limits, NO_RECHECK);
        fixture.members.put(QueryApiFixture.LIST, new ListAccess(Map.of("ann", ListAccess.OWNER,
                "bob", ListAccess.EDITOR), Map.of("ann", "ann")));
        return fixture;
    }

    private QueryApiFixture start() {
        return start(ReadLimits.DEFAULTS);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private MockHttpServletResponse read(String path, Principal caller) throws Exception {
        return fixture.mvc.perform(get(URI.create(path)).principal(caller)).andReturn().getResponse();
    }

    private MockHttpServletResponse read(String path) throws Exception {
        return read(path, QueryApiFixture.user("bob"));
    }

    private static JsonNode json(MockHttpServletResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    /** bob's device writes its {@code clientSeq}th event, an item, as the next entry of groceries. */
    private void writerWrites(long clientSeq, String itemId) {
        long version = fixture.head() + 1;
        fixture.append(accepted(version, WRITER, "bob", clientSeq, 2000 + version, added(itemId, "Item " + itemId)));
    }

    /** The answer and how long it took, in ms. */
    private record Timed(MockHttpServletResponse response, long millis) {}

    private Timed timed(Callable<MockHttpServletResponse> read) throws Exception {
        long started = System.nanoTime();
        MockHttpServletResponse response = read.call();
        return new Timed(response, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Test
    void aStateReadWithWaitForAnswersAsSoonAsTheWritersEventIsFoldedIn() throws Exception {
        start();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Timed> waiting = threads.submit(() -> timed(() ->
                    read("/v1/lists/groceries?waitFor=" + WRITER + ":1&waitMs=20000")));
            // it waits, holding a long-poll permit, before the writer's event is in any topic
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.longPolls.held() == 1);
            assertThat(waiting).isNotDone();

            writerWrites(1, "eggs");

            Timed answer = waiting.get(10, TimeUnit.SECONDS);
            assertThat(answer.response().getStatus()).isEqualTo(200);
            JsonNode state = json(answer.response());
            assertThat(state.path("fenceReached").asBoolean()).isTrue();
            assertThat(state.path("clientSeqs").path(WRITER).asLong()).isEqualTo(1);
            assertThat(state.path("listVersion").asLong()).isEqualTo(3);
            assertThat(state.path("items").toString()).contains("\"itemId\":\"eggs\"");
            assertThat(state.path("projection").asString()).isEqualTo("v1");
            // woken by the change: no re-check would have looked before the 20 s were up
            assertThat(answer.millis()).isLessThan(10_000);
        }
        assertThat(fixture.longPolls.held()).isZero();
    }

    @Test
    void aStateReadSaysFenceReachedFalseWithTheStateAsItIsWhenTheTimeIsUp() throws Exception {
        start();
        writerWrites(1, "eggs");
        Timed answer = timed(() -> read("/v1/lists/groceries?waitFor=" + WRITER + ":2&waitMs=300"));
        assertThat(answer.response().getStatus()).isEqualTo(200);
        assertThat(answer.millis()).isGreaterThanOrEqualTo(300);
        JsonNode state = json(answer.response());
        assertThat(state.path("fenceReached").asBoolean()).isFalse();
        assertThat(state.path("clientSeqs").path(WRITER).asLong()).isEqualTo(1);
        assertThat(state.path("listVersion").asLong()).isEqualTo(3);

        // a list with no state after the wait: the state read's usual 404 (an operator reads a list without members)
        Principal operator = QueryApiFixture.operator("op");
        Timed none = timed(() -> read("/v1/lists/rejected-only?waitFor=bob:5&waitMs=300", operator));
        assertThat(none.response().getStatus()).isEqualTo(404);
        assertThat(none.millis()).isGreaterThanOrEqualTo(300);
        assertThat(none.response().getContentAsString())
                .isEqualTo(read("/v1/lists/rejected-only", operator).getContentAsString());
        assertThat(fixture.longPolls.held()).isZero();
    }

    @Test
    void aFenceReachedAlreadyAnswersAtOnceAndWaitForWithoutWaitMsAnswersNow() throws Exception {
        start();
        Timed reached = timed(() -> read("/v1/lists/groceries?waitFor=ann:2&waitMs=20000"));
        assertThat(reached.millis()).isLessThan(10_000);
        assertThat(json(reached.response()).path("fenceReached").asBoolean()).isTrue();

        // without waitMs: no wait, the state as it is with whether it has reached the fence
        assertThat(json(read("/v1/lists/groceries?waitFor=ann:1")).path("fenceReached").asBoolean()).isTrue();
        assertThat(json(read("/v1/lists/groceries?waitFor=ann:3")).path("fenceReached").asBoolean()).isFalse();
        assertThat(json(read("/v1/lists/groceries?waitFor=" + WRITER + ":1")).path("fenceReached").asBoolean())
                .isFalse();
        // with registers and with another projection, the same
        JsonNode snapshot = json(read("/v1/lists/groceries?registers=true&projection=v2&waitFor=ann:2"));
        assertThat(snapshot.path("fenceReached").asBoolean()).isTrue();
        assertThat(snapshot.path("projection").asString()).isEqualTo("v2");
        assertThat(snapshot.path("registers").path("foldedEntries").asLong()).isEqualTo(2);
        // the body is the usual one plus fenceReached; without waitFor it is exactly PROTOCOL.md's
        for (String read : List.of("/v1/lists/groceries", "/v1/lists/groceries?registers=true",
                "/v1/lists/groceries?projection=v2", "/v1/lists/groceries/events?after=1")) {
            JsonNode plain = json(read(read));
            assertThat(plain.has("fenceReached")).as(read).isFalse();
            ObjectNode fenced = (ObjectNode) json(read(read + (read.contains("?") ? "&" : "?") + "waitFor=ann:2"));
            assertThat(fenced.remove("fenceReached").asBoolean()).as(read).isTrue();
            assertThat(fenced).as(read).isEqualTo(plain);
        }
    }

    @Test
    void aCatchUpWithWaitForAnswersThePageWithTheWritersEntry() throws Exception {
        start();
        long head = fixture.head();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Timed> waiting = threads.submit(() -> timed(() ->
                    read("/v1/lists/groceries/events?after=" + head + "&waitFor=" + WRITER + ":1&waitMs=20000")));
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.longPolls.held() == 1);
            assertThat(waiting).isNotDone();

            writerWrites(1, "eggs");

            Timed answer = waiting.get(10, TimeUnit.SECONDS);
            assertThat(answer.response().getStatus()).isEqualTo(200);
            JsonNode page = json(answer.response());
            assertThat(page.path("fenceReached").asBoolean()).isTrue();
            assertThat(page.path("clientSeqs").path(WRITER).asLong()).isEqualTo(1);
            assertThat(page.path("events")).singleElement().satisfies(entry -> {
                assertThat(entry.path("clientId").asString()).isEqualTo(WRITER);
                assertThat(entry.path("clientSeq").asLong()).isEqualTo(1);
                assertThat(entry.path("itemId").asString()).isEqualTo("eggs");
            });
            assertThat(page.path("upToDate").asBoolean()).isTrue();
            assertThat(answer.millis()).isLessThan(10_000);
        }
        assertThat(fixture.longPolls.held()).isZero();
        assertThat(fixture.registry.get("sync.catchup.requests").tag("waited", "true").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aCatchUpWithWaitForSaysFenceReachedFalseWithTheUsualPageWhenTheTimeIsUp() throws Exception {
        start();
        Timed answer = timed(() -> read("/v1/lists/groceries/events?after=0&waitFor=" + WRITER + ":1&waitMs=300"));
        assertThat(answer.response().getStatus()).isEqualTo(200);
        assertThat(answer.millis()).isGreaterThanOrEqualTo(300);
        JsonNode page = json(answer.response());
        assertThat(page.path("fenceReached").asBoolean()).isFalse();
        assertThat(page.path("events")).hasSize(2);
        assertThat(page.path("upToDate").asBoolean()).isTrue();
        assertThat(page.path("clientSeqs").has(WRITER)).isFalse();
    }

    @Test
    void aPageCutByLimitStillSaysTheFenceIsReachedAndTheDevicePagesOn() throws Exception {
        start();
        for (long seq = 1; seq <= 3; seq++) {
            writerWrites(seq, "item" + seq);
        }
        JsonNode page = json(read("/v1/lists/groceries/events?after=0&limit=1&waitFor=" + WRITER + ":3&waitMs=20000"));
        assertThat(page.path("events")).hasSize(1);
        assertThat(page.path("upToDate").asBoolean()).isFalse();
        assertThat(page.path("next").asLong()).isEqualTo(1);
        assertThat(page.path("fenceReached").asBoolean())
                .as("the list has reached it; the page is the first of several").isTrue();
    }

    @Test
    void withWaitForACatchUpWaitsForTheFenceNotForANewEntry() throws Exception {
        start();
        long head = fixture.head();
        Timed answer = timed(() -> read("/v1/lists/groceries/events?after=" + head + "&waitFor=ann:2&waitMs=20000"));
        assertThat(answer.millis()).as("reached already: answered at once, nothing new or not").isLessThan(10_000);
        JsonNode page = json(answer.response());
        assertThat(page.path("fenceReached").asBoolean()).isTrue();
        assertThat(page.path("events")).isEmpty();
        assertThat(page.path("next").asLong()).isEqualTo(head);
        // without waitFor the page has no fenceReached
        assertThat(json(read("/v1/lists/groceries/events?after=0")).has("fenceReached")).isFalse();
    }

    @Test
    void aMalformedWaitForIsA400NamingItAndNothingElseHappens() throws Exception {
        start();
        List<String> malformed = List.of("", "ann", "ann:", ":1", "ann:0", "ann:-1", "ann:01", "ann:+1", "ann:1.0",
                "ann:1e3", "ann:0x1", "ann: 1", "ann:1 ", "ann:1:2", "ann;1", "a.b:1", "ann phone:1",
                "g".repeat(65) + ":1",
                "ann:9223372036854775808", "ann:99999999999999999999", "ann:\u0661", "ann:\uFF11", "\u00e4nn:1");
        for (String bad : malformed) {
            String value = URLEncoder.encode(bad, StandardCharsets.UTF_8);
            for (String path : List.of("/v1/lists/groceries?waitMs=20000&waitFor=" + value,
                    "/v1/lists/groceries/events?after=0&waitMs=20000&waitFor=" + value,
                    "/v1/lists/groceries?waitFor=" + value)) {
                Timed answer = timed(() -> read(path));
                assertThat(answer.response().getStatus()).as(path).isEqualTo(400);
                assertThat(answer.response().getContentType()).isEqualTo("application/problem+json");
                JsonNode problem = json(answer.response());
                assertThat(problem.path("type").asString()).isEqualTo("urn:offlinesync:problem:invalid-request");
                assertThat(problem.path("errors")).as(path).singleElement()
                        .satisfies(error -> assertThat(error.path("field").asString()).isEqualTo("waitFor"));
                assertThat(answer.millis()).as("%s: refused, not waited", path).isLessThan(10_000);
            }
        }
        for (String path : List.of("/v1/lists/groceries?waitFor=ann:1&waitFor=ann:2",
                "/v1/lists/groceries/events?waitFor", "/v1/lists/groceries?waitFor=&waitMs=10")) {
            MockHttpServletResponse answer = read(path);
            assertThat(answer.getStatus()).as(path).isEqualTo(400);
            assertThat(json(answer).path("errors").path(0).path("field").asString()).as(path).isEqualTo("waitFor");
        }
        // nothing held, nothing served, nothing refused; the same reads without it answer as before
        assertThat(fixture.longPolls.held()).isZero();
        assertThat(fixture.registry.get("sync.catchup.requests").counters()).allMatch(c -> c.count() == 0);
        assertThat(fixture.registry.get("sync.catchup.longpolls.refused").counters()).allMatch(c -> c.count() == 0);
        assertThat(read("/v1/lists/groceries").getStatus()).isEqualTo(200);
        assertThat(json(read("/v1/lists/groceries/events?after=0")).path("events")).hasSize(2);
    }

    @Test
    void waitMsOnAStateReadGoesWithWaitForOnlyAndAWhatIfTakesNeither() throws Exception {
        start();
        Map<String, String> refused = Map.of(
                "/v1/lists/groceries?waitMs=100", "waitMs",
                "/v1/lists/groceries?waitMs=0", "waitMs",
                "/v1/lists/groceries?waitFor=ann:1&waitMs=30001", "waitMs",
                "/v1/lists/groceries?waitFor=ann:1&waitMs=-1", "waitMs",
                "/v1/lists/groceries?waitFor=ann:1&waitMs=1.5", "waitMs",
                "/v1/lists/groceries?policy=lww&waitFor=ann:1", "waitFor",
                "/v1/lists/groceries?policy=lww&waitMs=10", "waitMs");
        for (Map.Entry<String, String> c : refused.entrySet()) {
            MockHttpServletResponse answer = read(c.getKey());
            assertThat(answer.getStatus()).as(c.getKey()).isEqualTo(400);
            assertThat(json(answer).path("errors").path(0).path("field").asString()).as(c.getKey())
                    .isEqualTo(c.getValue());
        }
        assertThat(read("/v1/lists/groceries?waitFor=ann:1&waitMs=30000").getStatus()).isEqualTo(200);
        assertThat(read("/v1/lists/groceries?waitFor=ann:1&waitMs=0").getStatus()).isEqualTo(200);
    }

    @Test
    void aFenceWaitHoldsALongPollPermitLikeALongPollAndBeyondTheCapIs429() throws Exception {
        start(new ReadLimits(1 << 20, 100_000, 2, 1, 100));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<MockHttpServletResponse> waiting = threads.submit(() ->
                    read("/v1/lists/groceries?waitFor=" + WRITER + ":1&waitMs=20000"));
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.longPolls.held() == 1);

            for (String more : List.of("/v1/lists/groceries?waitFor=" + WRITER + ":1&waitMs=20000",
                    "/v1/lists/groceries/events?after=0&waitFor=" + WRITER + ":1&waitMs=20000",
                    "/v1/lists/groceries/events?after=2&waitMs=20000")) {
                MockHttpServletResponse refused = read(more);
                assertThat(refused.getStatus()).as(more).isEqualTo(429);
                assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
                assertThat(json(refused).path("limit").asString()).isEqualTo("user");
            }
            // a fence read that does not wait is never capped
            assertThat(read("/v1/lists/groceries?waitFor=" + WRITER + ":1").getStatus()).isEqualTo(200);

            writerWrites(1, "eggs");
            MockHttpServletResponse answer = waiting.get(10, TimeUnit.SECONDS);
            assertThat(answer.getStatus()).isEqualTo(200);
            assertThat(json(answer).path("fenceReached").asBoolean()).isTrue();
        }
        assertThat(fixture.longPolls.held()).isZero();
    }

    @Test
    void aNonMembersFenceWaitIsAnsweredAsForAListThatDoesNotExist() throws Exception {
        start();
        Principal mallory = QueryApiFixture.user("mallory");
        for (String read : List.of("/v1/lists/%s?waitFor=ann:1&waitMs=300",
                "/v1/lists/%s/events?after=0&waitFor=ann:1&waitMs=300")) {
            Timed hidden = timed(() -> read(read.formatted("groceries"), mallory));
            Timed absent = timed(() -> read(read.formatted("nowhere"), mallory));
            assertThat(hidden.response().getStatus()).as(read).isEqualTo(404);
            assertThat(hidden.response().getContentAsString().replace("groceries", "nowhere"))
                    .isEqualTo(absent.response().getContentAsString());
            // both wait out their time (the caller may be about to become a member): the time tells nothing either
            assertThat(hidden.millis()).isGreaterThanOrEqualTo(300);
            assertThat(absent.millis()).isGreaterThanOrEqualTo(300);
        }
        assertThat(fixture.longPolls.held()).isZero();
    }
}
