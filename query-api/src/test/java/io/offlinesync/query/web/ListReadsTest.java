package io.offlinesync.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.sun.net.httpserver.HttpServer;
import io.offlinesync.access.membership.ListAccess;
import io.offlinesync.query.cluster.ForwardedBy;
import io.offlinesync.query.cluster.HttpForwarder;
import io.offlinesync.query.cluster.ListReads;
import io.offlinesync.query.cluster.Placement;
import io.offlinesync.query.cluster.ReadTarget;
import io.offlinesync.query.cluster.StoreLocator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The read routing of a query-api that is one of several instances: the real controllers over a
 * TopologyTestDriver's stores (this instance's copies), a locator the test sets, and a real HTTP server
 * standing in for the other instance.
 */
class ListReadsTest {

    private static final HostInfo SELF = new HostInfo("127.0.0.1", 1);

    /** Placement and local lag as the test sets them. */
    private static final class FakeLocator implements StoreLocator {
        volatile Optional<Placement> placement = Optional.empty();
        volatile OptionalLong lag = OptionalLong.empty();
        final List<String> located = new CopyOnWriteArrayList<>();

        @Override
        public HostInfo self() {
            return SELF;
        }

        @Override
        public Optional<Placement> locate(String store, String key) {
            located.add(store);
            return placement;
        }

        @Override
        public OptionalLong localLag(List<String> stores, int partition) {
            return lag;
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("self", "127.0.0.1:1");
        }
    }

    private final FakeLocator locator = new FakeLocator();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** What the other instance answers a 200 with. */
    private volatile String otherBody = "{\"from\":\"other\"}";
    private HttpServer other;
    private HostInfo otherHost;
    private volatile int otherStatus = 200;
    /** When set, the other instance answers only once it is counted down (an owner holding a wait). */
    private volatile CountDownLatch otherHolds;
    private QueryApiFixture fixture;

    @BeforeEach
    void start() throws IOException {
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            received.add(exchange.getRequestURI() + " forwardedBy=" + exchange.getRequestHeaders()
                    .getFirst(HttpForwarder.FORWARDED_HEADER));
            tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst(ForwardedBy.TOKEN_HEADER)));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            CountDownLatch holds = otherHolds;
            if (holds != null) {
                try {
                    holds.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = otherStatus == 503 ? "{\"status\":503}".getBytes(StandardCharsets.UTF_8)
                    : otherBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                    otherStatus == 503 ? "application/problem+json" : "application/json");
            if (otherStatus == 503) {
                exchange.getResponseHeaders().add("Retry-After", "3");
            }
            exchange.getResponseHeaders().add("X-Unrelated", "dropped");
            exchange.sendResponseHeaders(otherStatus, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        otherHost = new HostInfo("127.0.0.1", other.getAddress().getPort());
        fixture = new QueryApiFixture(meters -> ListReads.scaledOut(locator,
                new HttpForwarder("http", SELF, Duration.ofSeconds(2), null), 100, meters));
    }

    @AfterEach
    void stop() {
        other.stop(0);
        fixture.close();
    }

    private MockHttpServletResponse read(String path, boolean forwarded) throws Exception {
        var request = get(path);
        if (forwarded) {
            request.header(HttpForwarder.FORWARDED_HEADER, "127.0.0.1:9");
        }
        return fixture.mvc.perform(request).andReturn().getResponse();
    }

    private static HostInfo closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new HostInfo("127.0.0.1", socket.getLocalPort());
        }
    }

    private double served(String how) {
        return fixture.registry.get("sync.query.reads").tag("served", how).counter().count();
    }

    @Test
    void theOwnerAnswersHereWithoutAnyMarker() throws Exception {
        locator.placement = Optional.of(new Placement(3, SELF, List.of(otherHost)));
        MockHttpServletResponse answer = read("/v1/lists/groceries", false);
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getContentAsString()).contains("\"listId\":\"groceries\"");
        assertThat(answer.getHeader("X-Served-By")).isNull();
        assertThat(received).isEmpty();
        assertThat(locator.located).containsExactly("lists-v1");
        assertThat(served("local")).isEqualTo(1.0);
    }

    @Test
    void eachLocalReadLooksOnlyAtTheCopyOfTheListsPartitionThatTheRoutingChose() throws Exception {
        locator.placement = Optional.of(new Placement(3, SELF, List.of(otherHost)));
        assertThat(read("/v1/lists/groceries", false).getStatus()).isEqualTo(200);
        assertThat(read("/v1/lists/groceries/events?after=0", false).getStatus()).isEqualTo(200);
        assertThat(read("/v1/lists/groceries/items/milk/history", false).getStatus()).isEqualTo(200);
        assertThat(fixture.readTargets).isNotEmpty().containsOnly(ReadTarget.active(3));

        fixture.readTargets.clear();
        locator.placement = Optional.of(new Placement(3, closedPort(), List.of(SELF)));
        locator.lag = OptionalLong.of(1);
        assertThat(read("/v1/lists/groceries", false).getHeader("X-Served-By")).isEqualTo("standby");
        assertThat(fixture.readTargets).isNotEmpty().containsOnly(ReadTarget.anyCopy(3));
    }

    @Test
    void aReadOfAListOwnedElsewhereIsForwardedOnceAndRelayedAsItWas() throws Exception {
        locator.placement = Optional.of(new Placement(3, otherHost, List.of(SELF)));
        MockHttpServletResponse answer = read("/v1/lists/groceries/events?after=1&limit=5&waitMs=10", false);
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getContentAsString()).isEqualTo("{\"from\":\"other\"}");
        assertThat(answer.getContentType()).isEqualTo("application/json");
        assertThat(answer.getHeader("X-Served-From")).isEqualTo("127.0.0.1:" + otherHost.port());
        assertThat(answer.getHeader("X-Unrelated")).isNull();
        assertThat(received).containsExactly("/v1/lists/groceries/events?after=1&limit=5&waitMs=10 forwardedBy=127.0.0.1:1");
        assertThat(locator.located).containsExactly("list-heads");
        assertThat(served("forwarded")).isEqualTo(1.0);
    }

    @Test
    void aForwardedReadIsNeverForwardedAgain() throws Exception {
        locator.placement = Optional.of(new Placement(3, otherHost, List.of(SELF)));
        locator.lag = OptionalLong.of(2);
        MockHttpServletResponse standby = read("/v1/lists/groceries", true);
        assertThat(standby.getStatus()).isEqualTo(200);
        assertThat(standby.getHeader("X-Served-By")).isEqualTo("standby");
        assertThat(standby.getHeader("X-Standby-Lag")).isEqualTo("2");

        locator.lag = OptionalLong.empty(); // no copy here
        MockHttpServletResponse none = read("/v1/lists/groceries", true);
        assertThat(none.getStatus()).isEqualTo(503);
        assertThat(none.getHeader("Retry-After")).isNotNull();
        assertThat(received).as("nothing sent on").isEmpty();
    }

    @Test
    void whileTheOwnerIsGoneACloseEnoughStandbyAnswersAndSaysSo() throws Exception {
        locator.placement = Optional.of(new Placement(3, closedPort(), List.of(SELF)));
        locator.lag = OptionalLong.of(7);
        MockHttpServletResponse answer = read("/v1/lists/groceries", false);
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getContentAsString()).contains("\"listId\":\"groceries\"");
        assertThat(answer.getHeader("X-Served-By")).isEqualTo("standby");
        assertThat(answer.getHeader("X-Standby-Lag")).isEqualTo("7");
        assertThat(served("standby")).isEqualTo(1.0);

        MockHttpServletResponse page = read("/v1/lists/groceries/events?after=0", false);
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("\"head\":2");
        assertThat(page.getHeader("X-Served-By")).isEqualTo("standby");
    }

    @Test
    void aStandbyTooFarBehindOrWithoutTheListAnswers503NeverA404() throws Exception {
        locator.placement = Optional.of(new Placement(3, closedPort(), List.of(SELF)));
        locator.lag = OptionalLong.of(101);
        MockHttpServletResponse far = read("/v1/lists/groceries", false);
        assertThat(far.getStatus()).isEqualTo(503);
        assertThat(far.getHeader("Retry-After")).isEqualTo("1");
        assertThat(far.getContentType()).isEqualTo("application/problem+json");
        assertThat(far.getContentAsString()).contains("urn:offlinesync:problem:list-unavailable").contains("101 records behind");

        // the membership view knows the list (the sequencer wrote its members), the copy here not yet
        fixture.members.put("not-yet-here", new ListAccess(Map.of(QueryApiFixture.OWNER, ListAccess.OWNER), Map.of()));
        locator.lag = OptionalLong.of(5);
        MockHttpServletResponse unknown = read("/v1/lists/not-yet-here", false);
        assertThat(unknown.getStatus()).as("the list may be in what the copy has not read").isEqualTo(503);
        assertThat(read("/v1/lists/not-yet-here/events", false).getStatus()).isEqualTo(503);

        locator.lag = OptionalLong.of(0);
        assertThat(read("/v1/lists/not-yet-here", false).getStatus()).as("a copy 0 behind knows").isEqualTo(404);
        assertThat(served("unavailable")).isEqualTo(3.0);
    }

    @Test
    void anOwnerThatIsRestoringHereAnswersFromItsCopyWhenCloseEnough() throws Exception {
        locator.placement = Optional.of(new Placement(3, SELF, List.of()));
        fixture.activeQueryable = false;
        locator.lag = OptionalLong.of(3);
        MockHttpServletResponse restoring = read("/v1/lists/groceries/items/milk/history", false);
        assertThat(restoring.getStatus()).isEqualTo(200);
        assertThat(restoring.getHeader("X-Served-By")).isEqualTo("standby");

        locator.lag = OptionalLong.of(500);
        MockHttpServletResponse behind = read("/v1/lists/groceries?policy=counter", false);
        assertThat(behind.getStatus()).isEqualTo(503);
        assertThat(behind.getHeader("Retry-After")).isNotNull();
    }

    @Test
    void anOwner503IsTriedOnAStandbyElsewhereAndRelayedWhenNoneAnswers() throws Exception {
        HostInfo gone = closedPort();
        otherStatus = 503;
        locator.placement = Optional.of(new Placement(3, gone, List.of(otherHost)));
        MockHttpServletResponse relayed = read("/v1/lists/groceries", false);
        assertThat(relayed.getStatus()).isEqualTo(503);
        assertThat(relayed.getHeader("Retry-After")).isEqualTo("3");
        assertThat(relayed.getContentType()).isEqualTo("application/problem+json");
        assertThat(received).hasSize(1);

        otherStatus = 200;
        MockHttpServletResponse fromStandby = read("/v1/lists/groceries", false);
        assertThat(fromStandby.getStatus()).isEqualTo(200);
        assertThat(fromStandby.getContentAsString()).isEqualTo("{\"from\":\"other\"}");
    }

    @Test
    void withoutAnAssignmentYetEveryReadIs503() throws Exception {
        locator.placement = Optional.empty();
        MockHttpServletResponse answer = read("/v1/lists/groceries", false);
        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isNotNull();
        assertThat(answer.getContentAsString()).contains("list-unavailable");
    }

    @Test
    void aFenceWaitOfAListOwnedElsewhereIsForwardedWithItsFenceHoldingAPermitHere() throws Exception {
        locator.placement = Optional.of(new Placement(3, otherHost, List.of(SELF)));
        otherHolds = new CountDownLatch(1);
        otherBody = "{\"listId\":\"groceries\",\"fenceReached\":true}";
        String path = "/v1/lists/groceries?waitFor=bob-phone:4&waitMs=20000";
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<MockHttpServletResponse> waiting = threads.submit(() -> read(path, false));
            // the owner waits for the fence; this instance holds the caller's long-poll permit meanwhile
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            assertThat(fixture.longPolls.held()).isEqualTo(1);
            assertThat(received).containsExactly(path + " forwardedBy=127.0.0.1:1");
            otherHolds.countDown();

            MockHttpServletResponse answer = waiting.get(10, TimeUnit.SECONDS);
            assertThat(answer.getStatus()).isEqualTo(200);
            assertThat(answer.getContentAsString()).isEqualTo(otherBody);
            assertThat(answer.getHeader("X-Served-From")).isEqualTo("127.0.0.1:" + otherHost.port());
        }
        assertThat(fixture.longPolls.held()).isZero();
        assertThat(locator.located).containsExactly("lists-v1");

        // a malformed fence is refused here, before any routing
        assertThat(read("/v1/lists/groceries/events?waitFor=bob-phone:0&waitMs=20000", false).getStatus())
                .isEqualTo(400);
        assertThat(received).hasSize(1);
    }

    @Test
    void badParametersAreRefusedBeforeAnyRouting() throws Exception {
        locator.placement = Optional.of(new Placement(3, otherHost, List.of()));
        assertThat(read("/v1/lists/groceries/events?limit=0", false).getStatus()).isEqualTo(400);
        assertThat(read("/v1/lists/groceries?projection=v9", false).getStatus()).isEqualTo(400);
        assertThat(received).isEmpty();
        assertThat(locator.located).isEmpty();
    }

    @Test
    void aForwardedReadCarriesTheCallersOwnTokenAndNoneIsMadeUp() throws Exception {
        locator.placement = Optional.of(new Placement(3, otherHost, List.of(SELF)));
        MockHttpServletResponse answer = fixture.mvc.perform(get("/v1/lists/groceries/events?after=1")
                .header("Authorization", "Bearer ann-s-token")).andReturn().getResponse();
        assertThat(answer.getStatus()).isEqualTo(200);
        read("/v1/lists/groceries", false); // a caller without an Authorization header (only possible here)
        assertThat(received).hasSize(2);
        assertThat(authorizations).as("the other instance checks the caller's token and membership again")
                .containsExactly("Bearer ann-s-token", "null");
    }

    @Test
    void aNonMembersReadIsAnsweredHereAsAnUnknownListWithoutLocatingOrForwardingIt() throws Exception {
        locator.placement = Optional.of(new Placement(3, otherHost, List.of(SELF)));
        for (String path : List.of("/v1/lists/groceries", "/v1/lists/groceries/events?after=0&waitMs=5000",
                "/v1/lists/groceries/items/milk/history", "/v1/lists/groceries?policy=vector")) {
            MockHttpServletResponse answer = fixture.mvc.perform(get(path).principal(QueryApiFixture.user("mallory"))
                    .header("Authorization", "Bearer mallory-s-token")).andReturn().getResponse();
            assertThat(answer.getStatus()).as(path).isEqualTo(404);
            assertThat(answer.getContentAsString()).as(path).contains("urn:offlinesync:problem:not-found");
        }
        assertThat(received).as("nothing forwarded: the owner would only say the same").isEmpty();
        assertThat(locator.located).isEmpty();
        assertThat(fixture.longPolls.held()).isZero();
    }

    @Test
    void theCallersListsTakeTitleAndVersionFromTheInstanceHoldingEachListWithTheCallersToken() throws Exception {
        locator.placement = Optional.of(new Placement(3, otherHost, List.of(SELF)));
        otherBody = "{\"listId\":\"groceries\",\"title\":\"Groceries elsewhere\",\"listVersion\":7}";
        MockHttpServletResponse answer = fixture.mvc.perform(get("/v1/lists")
                .header("Authorization", "Bearer ann-s-token")).andReturn().getResponse();
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getContentAsString()).isEqualTo("{\"lists\":[{\"listId\":\"groceries\","
                + "\"title\":\"Groceries elsewhere\",\"role\":\"owner\",\"listVersion\":7}]}");
        assertThat(received).containsExactly("/v1/lists/groceries?projection=v1 forwardedBy=127.0.0.1:1");
        assertThat(authorizations).containsExactly("Bearer ann-s-token");

        // while no instance can answer for the list, it is listed all the same, without title and version
        locator.placement = Optional.empty();
        assertThat(read("/v1/lists", false).getContentAsString()).isEqualTo("{\"lists\":[{\"listId\":\"groceries\","
                + "\"title\":null,\"role\":\"owner\",\"listVersion\":0}]}");
    }

    private double forged() {
        return fixture.registry.get("sync.query.forwarded.forged").counter().count();
    }

    /** A read that says it was forwarded, from {@code remoteAddr}, with {@code token} (null: none). */
    private MockHttpServletResponse claimingForwarded(String path, String remoteAddr, String token) throws Exception {
        var request = get(path).header(HttpForwarder.FORWARDED_HEADER, "127.0.0.1:9").with(r -> {
            r.setRemoteAddr(remoteAddr);
            return r;
        });
        if (token != null) {
            request.header(ForwardedBy.TOKEN_HEADER, token);
        }
        return fixture.mvc.perform(request).andReturn().getResponse();
    }

    @Test
    void withoutATokenAForwardedHeaderFromAnAddressOutsideTheGroupIsIgnoredAndCounted() throws Exception {
        locator.placement = Optional.of(new Placement(3, otherHost, List.of(SELF)));
        locator.lag = OptionalLong.of(50); // a standby here 50 behind, which the forged header aims at

        MockHttpServletResponse forged = claimingForwarded("/v1/lists/groceries", "10.9.9.9", null);
        assertThat(forged.getStatus()).isEqualTo(200);
        assertThat(forged.getContentAsString()).as("routed to the owner as any read").isEqualTo("{\"from\":\"other\"}");
        assertThat(forged.getHeader("X-Served-By")).isNull();
        assertThat(received).containsExactly("/v1/lists/groceries forwardedBy=127.0.0.1:1");
        assertThat(forged()).isEqualTo(1.0);

        // from an instance's address but through a reverse proxy: not an instance's own call, ignored too
        MockHttpServletResponse proxied = fixture.mvc.perform(get("/v1/lists/groceries")
                .header(HttpForwarder.FORWARDED_HEADER, "127.0.0.1:9").header("X-Forwarded-For", "10.9.9.9"))
                .andReturn().getResponse();
        assertThat(proxied.getContentAsString()).isEqualTo("{\"from\":\"other\"}");
        assertThat(received).hasSize(2);
        assertThat(forged()).isEqualTo(2.0);

        // from the address of an instance of the group (SELF's host) it is honoured: answered here, not sent on
        MockHttpServletResponse peer = claimingForwarded("/v1/lists/groceries", "127.0.0.1", null);
        assertThat(peer.getHeader("X-Served-By")).isEqualTo("standby");
        assertThat(received).hasSize(2);
        assertThat(forged()).isEqualTo(2.0);
    }

    @Test
    void withATokenOnlyAForwardedReadCarryingItIsHonouredAndForwardedReadsSendIt() throws Exception {
        fixture.close();
        fixture = new QueryApiFixture(meters -> ListReads.scaledOut(locator,
                new HttpForwarder("http", SELF, Duration.ofSeconds(2), "s3cret-token"), 100, "s3cret-token", meters));
        locator.placement = Optional.of(new Placement(3, otherHost, List.of(SELF)));
        locator.lag = OptionalLong.of(2);

        // from a group address, but without the token or with a wrong one: routed normally (to the owner)
        for (String token : new String[] {null, "wrong", "s3cret-tokeN", "s3cret-token "}) {
            MockHttpServletResponse forged = claimingForwarded("/v1/lists/groceries", "127.0.0.1", token);
            assertThat(forged.getContentAsString()).as(String.valueOf(token)).isEqualTo("{\"from\":\"other\"}");
        }
        assertThat(forged()).isEqualTo(4.0);
        assertThat(received).hasSize(4);
        assertThat(tokens).as("the forwarding instance sends the token").containsOnly("s3cret-token");

        // with the token, from any address: answered from this instance's copy, not sent on
        MockHttpServletResponse genuine = claimingForwarded("/v1/lists/groceries", "10.9.9.9", "s3cret-token");
        assertThat(genuine.getStatus()).isEqualTo(200);
        assertThat(genuine.getHeader("X-Served-By")).isEqualTo("standby");
        assertThat(received).hasSize(4);
        assertThat(forged()).isEqualTo(4.0);
    }

    @Test
    void aForgedForwardedHeaderDoesNotLiftTheCallersLongPollCap() throws Exception {
        fixture.close();
        fixture = new QueryApiFixture(meters -> ListReads.scaledOut(locator,
                new HttpForwarder("http", SELF, Duration.ofSeconds(2), null), 100, meters),
                new io.offlinesync.query.ReadLimits(1 << 20, 100_000, 2, 1, 100));
        locator.placement = Optional.of(new Placement(3, SELF, List.of()));
        long head = fixture.head();
        String wait = "/v1/lists/groceries/events?after=" + head + "&waitMs=20000&clientId=ann-phone";
        try (var requests = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var held = requests.submit(() -> fixture.mvc.perform(get(wait)).andReturn().getResponse());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fixture.longPolls.held() == 1);

            assertThat(claimingForwarded(wait, "10.9.9.9", null).getStatus()).as("forged").isEqualTo(429);
            // a genuine forwarded long-poll was counted against its caller by the sender: only the instance cap here
            var peer = requests.submit(() -> claimingForwarded(wait, "127.0.0.1", null));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fixture.longPolls.held() == 2);

            fixture.append(io.offlinesync.domain.TestEvents.accepted(head + 1, "ann", head + 1, 2000,
                    io.offlinesync.domain.TestEvents.added("eggs", "Eggs")));
            assertThat(held.get(10, java.util.concurrent.TimeUnit.SECONDS).getStatus()).isEqualTo(200);
            assertThat(peer.get(10, java.util.concurrent.TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        }
    }
}
