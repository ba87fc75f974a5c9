package io.offlinesync.query.web;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.offlinesync.access.membership.ListAccess;
import io.offlinesync.query.ReadLimits;
import io.offlinesync.query.cluster.ListReads;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read bounds over the real controllers and problem handler: pages cut by bytes, explain and what-if
 * refused above the fold bound, long-polls capped per user (all their devices together) and per instance.
 */
class ReadBoundsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private QueryApiFixture fixture;

    private QueryApiFixture start(ReadLimits limits) {
        fixture = new QueryApiFixture(ListReads::singleInstance, limits);
        return fixture;
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private MockHttpServletResponse read(MockHttpServletRequestBuilder request) throws Exception {
        return fixture.mvc.perform(request).andReturn().getResponse();
    }

    private static JsonNode json(MockHttpServletResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString());
    }

    @Test
    void aPageCutByBytesIsNotUpToDateAndItsCursorIsTheLastEntryReturned() throws Exception {
        start(new ReadLimits(600, 100_000, 2, 8, 2000));
        String large = "x".repeat(400); // each such entry alone is about 0.5 KB of JSON
        for (long v = 3; v <= 6; v++) {
            fixture.append(accepted(v, "ann", v, 1000 + v, added("big" + v, large)));
        }

        MockHttpServletResponse cut = read(get("/v1/lists/groceries/events?after=2&limit=1000"));
        assertThat(cut.getStatus()).isEqualTo(200);
        JsonNode page = json(cut);
        assertThat(page.get("events")).hasSize(1);
        assertThat(page.get("next").asLong()).isEqualTo(3);
        assertThat(page.get("head").asLong()).isEqualTo(6);
        assertThat(page.get("upToDate").asBoolean()).isFalse();

        JsonNode small = json(read(get("/v1/lists/groceries/events?after=0")));
        assertThat(small.get("events")).as("two small entries fit in 600 bytes").hasSize(2);
        assertThat(small.get("next").asLong()).isEqualTo(2);
        assertThat(small.get("upToDate").asBoolean()).isFalse();
    }

    @Test
    void explainAndWhatIfAboveTheFoldBoundAre422NamingTheLogSizeAndTheBound() throws Exception {
        start(new ReadLimits(1 << 20, 1, 2, 8, 2000)); // groceries has 2 entries
        for (String path : List.of("/v1/lists/groceries/items/milk/history", "/v1/lists/groceries?policy=vector")) {
            MockHttpServletResponse refused = read(get(path));
            assertThat(refused.getStatus()).as(path).isEqualTo(422);
            assertThat(refused.getContentType()).isEqualTo("application/problem+json");
            JsonNode problem = json(refused);
            assertThat(problem.get("type").asString()).isEqualTo("urn:offlinesync:problem:log-too-long");
            assertThat(problem.get("title").asString()).isNotBlank();
            assertThat(problem.get("status").asInt()).isEqualTo(422);
            assertThat(problem.get("detail").asString()).contains("groceries", "2 log entries", "MAX_FOLD_ENTRIES");
            assertThat(problem.get("logEntries").asLong()).isEqualTo(2);
            assertThat(problem.get("maxFoldEntries").asInt()).isEqualTo(1);
        }
        // the list's own state and log are not folds: they are served as ever
        assertThat(read(get("/v1/lists/groceries")).getStatus()).isEqualTo(200);
        assertThat(read(get("/v1/lists/groceries/events")).getStatus()).isEqualTo(200);
        // a list within the bound is folded as before
        assertThat(read(get("/v1/lists/rejected-only/items/milk/history")).getStatus()).isEqualTo(404);
    }

    @Test
    void longPollsAreCappedPerUserAndPerInstanceWith429AndRetryAfter() throws Exception {
        start(new ReadLimits(1 << 20, 100_000, 2, 2, 4));
        fixture.members.put(QueryApiFixture.LIST, new ListAccess(Map.of("ann", ListAccess.OWNER,
                "bob", ListAccess.EDITOR, "carol", ListAccess.VIEWER, "dave", ListAccess.VIEWER), Map.of()));
        long head = fixture.head();
        String wait = "/v1/lists/groceries/events?after=" + head + "&waitMs=20000";
        List<Future<MockHttpServletResponse>> held = new ArrayList<>();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String caller : List.of("ann", "ann", "bob", "carol")) {
                held.add(requests.submit(() -> read(get(wait + "&clientId=" + caller + "-phone").principal(user(caller)))));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.longPolls.held() == 4);

            // ann holds her two: a third is refused for that (the user's own cap is looked at first), from any device
            MockHttpServletResponse third = read(get(wait + "&clientId=ann-laptop").principal(user("ann")));
            assertThat(third.getStatus()).isEqualTo(429);
            assertThat(third.getHeader("Retry-After")).isEqualTo("2");
            JsonNode problem = json(third);
            assertThat(problem.get("type").asString()).isEqualTo("urn:offlinesync:problem:too-many-long-polls");
            assertThat(problem.get("limit").asString()).isEqualTo("user");
            assertThat(problem.get("bound").asInt()).isEqualTo(2);
            assertThat(problem.get("detail").asString()).contains("MAX_LONGPOLLS_PER_USER");

            // a user holding none finds the instance full
            MockHttpServletResponse full = read(get(wait).principal(user("dave")));
            assertThat(full.getStatus()).isEqualTo(429);
            assertThat(json(full).get("limit").asString()).isEqualTo("instance");
            assertThat(json(full).get("bound").asInt()).isEqualTo(4);
            assertThat(full.getHeader("Retry-After")).isEqualTo("2");

            // reads that do not wait are never capped
            assertThat(read(get("/v1/lists/groceries/events?after=0&clientId=ann-phone").principal(user("ann")))
                    .getStatus()).isEqualTo(200);

            fixture.append(accepted(head + 1, "ann", head + 1, 2000, added("eggs", "Eggs")));
            for (Future<MockHttpServletResponse> poll : held) {
                MockHttpServletResponse answer = poll.get(10, TimeUnit.SECONDS);
                assertThat(answer.getStatus()).isEqualTo(200);
                assertThat(answer.getContentAsString()).contains("\"itemId\":\"eggs\"");
            }
        }
        assertThat(fixture.longPolls.held()).isZero();
        assertThat(fixture.registry.get("sync.catchup.longpolls.refused").tag("limit", "instance").counter().count())
                .isEqualTo(1);
        // every permit was given back: the user may wait again
        assertThat(read(get("/v1/lists/groceries/events?after=" + (head + 1) + "&waitMs=1").principal(user("ann")))
                .getStatus()).isEqualTo(200);
    }

    /**
     * The caller of a long-poll is the signed-in user, all their devices together (whatever clientId and address
     * each device has), and no one else: another user behind the same address (a reverse proxy) is another caller.
     */
    @Test
    void thePerUserCapCountsEveryDeviceOfTheUserTogetherAndNoOneElse() throws Exception {
        start(new ReadLimits(1 << 20, 100_000, 2, 2, 100));
        fixture.members.put(QueryApiFixture.LIST, new ListAccess(Map.of("ann", ListAccess.OWNER,
                "bob", ListAccess.EDITOR), Map.of()));
        long head = fixture.head();
        String wait = "/v1/lists/groceries/events?after=" + head + "&waitMs=20000";
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            // ann's phone, behind a reverse proxy, and her laptop, from an address of its own: one long-poll each
            Future<MockHttpServletResponse> phone = requests.submit(() -> read(
                    behindProxy(get(wait + "&clientId=ann-phone").principal(user("ann")), "198.51.100.7")));
            Future<MockHttpServletResponse> laptop = requests.submit(() -> read(
                    from(get(wait + "&clientId=ann-laptop").principal(user("ann")), "10.1.2.3")));
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.longPolls.held() == 2);

            // a third device of hers, from yet another address, finds her cap taken; so does either device again
            for (MockHttpServletRequestBuilder more : List.of(
                    from(get(wait + "&clientId=ann-tablet").principal(user("ann")), "10.7.7.7"),
                    from(get(wait).principal(user("ann")), "10.7.7.8"),
                    behindProxy(get(wait + "&clientId=ann-phone").principal(user("ann")), "198.51.100.7"),
                    from(get(wait + "&clientId=ann-laptop").principal(user("ann")), "10.1.2.3"))) {
                MockHttpServletResponse refused = read(more);
                assertThat(refused.getStatus()).isEqualTo(429);
                assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
                assertThat(json(refused).get("limit").asString()).isEqualTo("user");
                assertThat(json(refused).get("bound").asInt()).isEqualTo(2);
            }

            // bob, behind the same proxy and from the same address as ann's phone (and naming her device), is
            // another caller: his long-poll waits
            Future<MockHttpServletResponse> bob = requests.submit(() -> read(
                    behindProxy(get(wait + "&clientId=ann-phone").principal(user("bob")), "198.51.100.7")));
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.longPolls.held() == 3);

            fixture.append(accepted(head + 1, "ann", head + 1, 2000, added("eggs", "Eggs")));
            for (Future<MockHttpServletResponse> poll : List.of(phone, laptop, bob)) {
                MockHttpServletResponse answer = poll.get(10, TimeUnit.SECONDS);
                assertThat(answer.getStatus()).isEqualTo(200);
                assertThat(answer.getContentAsString()).contains("\"itemId\":\"eggs\"");
            }
        }
        assertThat(fixture.longPolls.held()).isZero();
        assertThat(fixture.registry.get("sync.catchup.longpolls.refused").tag("limit", "user").counter().count())
                .isEqualTo(4);
        assertThat(fixture.registry.get("sync.catchup.longpolls.refused").tag("limit", "instance").counter().count())
                .isZero();
    }

    /** The request as a reverse proxy at 172.18.0.5 passes it on from {@code client}. */
    private static MockHttpServletRequestBuilder behindProxy(MockHttpServletRequestBuilder request, String client) {
        return from(request.header("X-Forwarded-For", client), "172.18.0.5");
    }

    private static MockHttpServletRequestBuilder from(MockHttpServletRequestBuilder request, String address) {
        return request.with(r -> {
            r.setRemoteAddr(address);
            return r;
        });
    }

    /** A signed-in user, as the security filters set it. */
    private static Principal user(String name) {
        return QueryApiFixture.user(name);
    }
}
