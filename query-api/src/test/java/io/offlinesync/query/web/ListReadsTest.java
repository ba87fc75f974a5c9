package io.offlinesync.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.sun.net.httpserver.HttpServer;
import io.offlinesync.query.cluster.HttpForwarder;
import io.offlinesync.query.cluster.Placement;
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
    private HttpServer other;
    private HostInfo otherHost;
    private volatile int otherStatus = 200;
    private QueryApiFixture fixture;

    @BeforeEach
    void start() throws IOException {
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            received.add(exchange.getRequestURI() + " forwardedBy=" + exchange.getRequestHeaders()
                    .getFirst(HttpForwarder.FORWARDED_HEADER));
            byte[] body = otherStatus == 503 ? "{\"status\":503}".getBytes(StandardCharsets.UTF_8)
                    : "{\"from\":\"other\"}".getBytes(StandardCharsets.UTF_8);
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
                new HttpForwarder("http", SELF, Duration.ofSeconds(2)), 100, meters));
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
    void badParametersAreRefusedBeforeAnyRouting() throws Exception {
        locator.placement = Optional.of(new Placement(3, otherHost, List.of()));
        assertThat(read("/v1/lists/groceries/events?limit=0", false).getStatus()).isEqualTo(400);
        assertThat(read("/v1/lists/groceries?projection=v9", false).getStatus()).isEqualTo(400);
        assertThat(received).isEmpty();
        assertThat(locator.located).isEmpty();
    }
}
