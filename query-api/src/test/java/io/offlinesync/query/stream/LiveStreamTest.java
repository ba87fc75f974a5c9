package io.offlinesync.query.stream;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.memberAdded;
import static io.offlinesync.domain.TestEvents.memberRemoved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.access.membership.InMemoryMembershipView;
import io.offlinesync.access.membership.ListAccess;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Role;
import io.offlinesync.issuer.testing.IssuerProcess;
import io.offlinesync.query.QueryApiOverTestIndex;
import io.offlinesync.query.catchup.IndexFill;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The live stream over real HTTP, from the application as it is run (Tomcat, security with real tokens of the
 * platform's issuer): its lists' entries come from a real event index on a TopologyTestDriver (no broker here), the
 * members from an in-memory membership view. Each test uses its own lists.
 */
class LiveStreamTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final int PER_USER = 3;

    private static final Map<String, Long> heads = new HashMap<>();
    private static final InMemoryMembershipView members = new InMemoryMembershipView();
    private static QueryApiOverTestIndex api;
    private static ConfigurableApplicationContext app;
    private static int port;
    private static IssuerProcess issuer;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        issuer = IssuerProcess.shared();
        api = new QueryApiOverTestIndex(members,
                // the environment's names, as query-api.yml maps them
                "--MAX_STREAMS_PER_USER=" + PER_USER,
                "--STREAM_HEARTBEAT=1s",
                "--STREAM_JOIN_WAIT=300ms",
                "--CONNECTION_TIMEOUT=2s");
        app = api.app();
        port = api.port();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    /** A list owned by ann, with {@code others} as editors. */
    private static void list(String listId, String... others) {
        Map<String, String> roles = new HashMap<>(Map.of("ann", ListAccess.OWNER));
        for (String other : others) {
            roles.put(other, ListAccess.EDITOR);
        }
        members.put(listId, new ListAccess(roles, Map.of()));
        append(listId, created("List " + listId));
    }

    private static synchronized void append(String listId, io.offlinesync.domain.EventBody body) {
        long version = heads.merge(listId, 1L, Long::sum);
        api.append(listId, accepted(version, "ann-phone", "ann", version, 1000 + version, body));
    }

    private static HttpResponse<InputStream> open(String lists, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/stream?lists=" + lists))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static SseReader stream(String lists, String token) throws Exception {
        HttpResponse<InputStream> response = open(lists, token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        return new SseReader(response.body());
    }

    private static String catchUp(String listId, long after, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/lists/" + listId
                        + "/events?after=" + after)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void everyListsBacklogThenItsLiveEntriesComeInOrderAsCatchUpShowsThem() throws Exception {
        list("s-one");
        list("s-two");
        for (int i = 0; i < 4; i++) {
            append("s-one", added("one-" + i, "One " + i));
            append("s-two", added("two-" + i, "Two " + i));
        }
        String ann = issuer.token("ann");
        try (SseReader sse = stream("s-one:0,s-two:2", ann)) {
            assertThat(sse.next(WITHIN).type()).as("the stream opens with a heartbeat").isEqualTo("heartbeat");
            List<SseReader.Event> backlog = sse.entries(5 + 3, WITHIN);
            for (int i = 0; i < 4; i++) {
                append("s-one", added("one-live-" + i, "Live " + i));
                append("s-two", added("two-live-" + i, "Live " + i));
            }
            List<SseReader.Event> live = sse.entries(8, WITHIN);

            for (String listId : List.of("s-one", "s-two")) {
                long from = listId.equals("s-one") ? 0 : 2;
                List<SseReader.Event> ofList = java.util.stream.Stream.concat(backlog.stream(), live.stream())
                        .filter(e -> e.id().startsWith(listId + ":")).toList();
                assertThat(ofList).extracting(SseReader.Event::id).containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(from + 1, heads.get(listId))
                                .mapToObj(v -> listId + ":" + v).toList());
                // each entry is the catch-up entry with its listId in front
                String log = catchUp(listId, from, ann);
                for (SseReader.Event e : ofList) {
                    assertThat(e.data()).startsWith("{\"listId\":\"" + listId + "\",\"listVersion\":");
                    assertThat(log).contains("{" + e.data().substring(("{\"listId\":\"" + listId + "\",").length()));
                }
            }
        }
    }

    @Test
    void aStreamIsResumedFromTheLastIdsWithNoGapAndNoDuplicate() throws Exception {
        list("s-resume");
        String ann = issuer.token("ann");
        String last;
        try (SseReader sse = stream("s-resume:0", ann)) {
            append("s-resume", added("a", "A"));
            last = sse.entries(2, WITHIN).getLast().id();
        }
        assertThat(last).isEqualTo("s-resume:2");
        append("s-resume", added("b", "B")); // while the device is away
        try (SseReader sse = stream(last, ann)) {
            append("s-resume", added("c", "C"));
            assertThat(sse.entries(2, WITHIN)).extracting(SseReader.Event::id)
                    .containsExactly("s-resume:3", "s-resume:4");
        }
    }

    @Test
    void listsTheCallerMayNotReadAreRemovedAtTheStartAsIfTheyDidNotExist() throws Exception {
        list("s-private");
        list("s-open", "bob");
        try (SseReader sse = stream("s-private:0,s-nowhere:0,s-open:0", issuer.token("bob"))) {
            List<SseReader.Event> seen = new java.util.ArrayList<>();
            while (seen.stream().filter(e -> e.type().equals("removed")).count() < 2
                    || seen.stream().noneMatch(e -> e.type().equals("entry"))) {
                seen.add(sse.nextNotHeartbeat(WITHIN));
            }
            assertThat(seen).filteredOn(e -> e.type().equals("removed")).extracting(SseReader.Event::data)
                    .containsExactlyInAnyOrder("{\"listId\":\"s-private\"}", "{\"listId\":\"s-nowhere\"}");
            assertThat(seen).filteredOn(e -> e.type().equals("entry")).extracting(SseReader.Event::id)
                    .containsExactly("s-open:1");
        }
    }

    @Test
    void aMemberRemovedMidStreamIsToldRemovedAndSeesNothingFromTheRemovalOn() throws Exception {
        list("s-team", "bob");
        append("s-team", memberAdded("bob", Role.EDITOR));
        try (SseReader sse = stream("s-team:0", issuer.token("bob"))) {
            assertThat(sse.entries(2, WITHIN)).extracting(SseReader.Event::id).containsExactly("s-team:1", "s-team:2");
            append("s-team", added("x", "X"));
            append("s-team", memberRemoved("bob"));
            append("s-team", added("secret", "After bob left"));
            assertThat(sse.entries(1, WITHIN).getFirst().id()).isEqualTo("s-team:3");
            assertThat(sse.nextNotHeartbeat(WITHIN)).isEqualTo(
                    new SseReader.Event("removed", null, "{\"listId\":\"s-team\"}"));
            // its only list gone, the stream ends and says why
            assertThat(sse.nextNotHeartbeat(WITHIN)).isEqualTo(
                    new SseReader.Event("closed", null, "{\"reason\":\"no-lists\"}"));
            assertThat(sse.next(WITHIN)).isEqualTo(SseReader.END);
        }
    }

    @Test
    void anIdleStreamSendsHeartbeats() throws Exception {
        list("s-idle");
        try (SseReader sse = stream("s-idle:1", issuer.token("ann"))) {
            assertThat(sse.next(WITHIN).type()).isEqualTo("heartbeat");
            long start = System.nanoTime();
            assertThat(sse.next(WITHIN)).isEqualTo(new SseReader.Event("heartbeat", null, "{}"));
            assertThat(sse.next(WITHIN)).isEqualTo(new SseReader.Event("heartbeat", null, "{}"));
            // STREAM_HEARTBEAT=1s: two more in about 2 s, not back to back
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500), WITHIN);
        }
    }

    @Test
    void streamsBeyondTheUsersCapAreRefusedWith429() throws Exception {
        list("s-capped", "carol");
        String carol = issuer.token("carol");
        List<SseReader> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < PER_USER; i++) {
                held.add(stream("s-capped:0", carol));
            }
            HttpResponse<InputStream> refused = open("s-capped:0", carol);
            String body = new String(refused.body().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(refused.statusCode()).as(body).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(body).contains("urn:offlinesync:problem:too-many-streams", "\"limit\":\"user\"",
                    "MAX_STREAMS_PER_USER");
        } finally {
            for (SseReader r : held) {
                r.close();
            }
        }
        // the permits come back when the streams end
        await().atMost(WITHIN).untilAsserted(() -> {
            HttpResponse<InputStream> again = open("s-capped:0", carol);
            try (InputStream body = again.body()) {
                assertThat(again.statusCode()).isEqualTo(200);
            }
        });
    }

    @Test
    void badListsAreRefusedWith400NamingTheField() throws Exception {
        String ann = issuer.token("ann");
        String many = String.join(",", java.util.stream.IntStream.range(0, 101).mapToObj(i -> "l" + i + ":0").toList());
        for (String lists : List.of("", "a:b", "a:-1", "a:0,a:3", "bad%20id:0", "a:1,,b:2", many)) {
            HttpResponse<InputStream> answer = open(lists, ann);
            String body = new String(answer.body().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer.statusCode()).as(lists + " -> " + body).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(body).contains("\"field\":\"lists\"");
        }
        HttpResponse<InputStream> none = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/stream")).header("Authorization", "Bearer " + ann).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(new String(none.body().readAllBytes(), StandardCharsets.UTF_8)).contains("\"field\":\"lists\"");
    }

    @Test
    void aReaderThatTakesNothingIsCutWithoutHoldingUpTheOthers() throws Exception {
        members.put("s-big", new ListAccess(Map.of("ann", ListAccess.OWNER, "dave", ListAccess.EDITOR), Map.of()));
        String title = "\uD834\uDD1E".repeat(500); // 500 code points of 4 UTF-8 bytes each: the longest title
        List<LogEntry> backlog = new java.util.ArrayList<>();
        for (int v = 1; v <= 3_000; v++) { // about 6 MB of entries: more than the socket buffers hold
            backlog.add(accepted(v, "ann-phone", "ann", v, 1000 + v, v == 1 ? created("Big") : added("i" + v, title)));
        }
        IndexFill.put(api.indexStore(), api.headsStore(), "s-big", backlog);
        list("s-lively");
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        double cutBefore = meters.get("sync.stream.closed").tag("reason", "slow-reader").counter().count();
        try (Socket stalled = new Socket(); SseReader lively = stream("s-lively:1", issuer.token("ann"))) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream request = stalled.getOutputStream();
            request.write(("GET /v1/stream?lists=s-big:0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + issuer.token("dave") + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush();
            // the stalled reader takes nothing; the other stream gets each entry at once all the same
            for (int i = 0; i < 5; i++) {
                append("s-lively", added("l" + i, "L" + i));
                assertThat(lively.entries(1, Duration.ofSeconds(3)).getFirst().id()).isEqualTo("s-lively:" + (i + 2));
            }
            // CONNECTION_TIMEOUT=2s: the stalled stream is cut and counted
            await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("sync.stream.closed")
                    .tag("reason", "slow-reader").counter().count() > cutBefore);
            append("s-lively", added("after", "After the cut"));
            assertThat(lively.entries(1, Duration.ofSeconds(3)).getFirst().id()).isEqualTo("s-lively:7");
        }
    }
}
