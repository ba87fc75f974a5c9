package io.offlinesync.query;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.access.membership.InMemoryMembershipView;
import io.offlinesync.access.membership.ListAccess;
import io.offlinesync.access.membership.MembershipView;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.issuer.testing.IssuerProcess;
import io.offlinesync.query.catchup.LongPollLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A long-poll holds no platform thread: the application as it is run, on Tomcat with at most 4 request
 * threads, holds 64 long-polls at once, refuses one more (MAX_LONGPOLLS=64) with 429, still answers other
 * reads meanwhile, and answers all 64 when the list moves. Long-polls are counted per user, every device of
 * the user together (MAX_LONGPOLLS_PER_USER=32). The callers are signed in with real tokens of the platform's
 * issuer ({@link IssuerProcess}); the list's members come from an in-memory membership view, and its catch-up
 * query reads a real event index on a TopologyTestDriver (no broker here).
 */
class LongPollThreadsTest {

    private static final int MAX_THREADS = 4;
    private static final int LONG_POLLS = 64;
    private static final int PER_USER = 32;

    private static QueryApiOverTestIndex api;
    private static ConfigurableApplicationContext app;
    private static int port;
    private static long head;
    private static IssuerProcess issuer;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        issuer = IssuerProcess.shared();
        MembershipView members = new InMemoryMembershipView().put("groceries", new ListAccess(Map.of(
                "ann", ListAccess.OWNER, "bob", ListAccess.EDITOR, "carol", ListAccess.VIEWER), Map.of()));
        api = new QueryApiOverTestIndex(members,
                "--server.tomcat.threads.max=" + MAX_THREADS,
                "--server.tomcat.threads.min-spare=1",
                // the environment's names, as query-api.yml maps them
                "--MAX_LONGPOLLS=" + LONG_POLLS,
                "--MAX_LONGPOLLS_PER_USER=" + PER_USER);
        app = api.app();
        port = api.port();
        append(accepted(1, "ann-phone", "ann", 1, 1000, created("Groceries")));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static void append(LogEntry entry) {
        api.append("groceries", entry);
        head = entry.listVersion();
    }

    /** A catch-up of groceries after the head, waiting up to 30 s, from a device of the token's user. */
    private static HttpRequest.Builder longPoll(String token, String clientId) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/lists/groceries/events?after="
                + head + "&waitMs=30000&clientId=" + clientId)).header("Authorization", "Bearer " + token);
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void moreLongPollsThanRequestThreadsAreHeldAtOnceAndAllAnswered() throws Exception {
        LongPollLimits limits = app.getBean(LongPollLimits.class);
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        ReadLimits bounds = app.getBean(QueryProperties.class).reads();
        assertThat(bounds).isEqualTo(new ReadLimits(1 << 20, 20_000, 2, PER_USER, LONG_POLLS));
        String ann = issuer.token("ann");
        String bob = issuer.token("bob");
        long after = head;

        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < LONG_POLLS; i++) { // two users, each at their own cap: the instance's is what is tried
            polls.add(sendAsync(i % 2 == 0 ? longPoll(ann, "ann-phone") : longPoll(bob, "bob-phone")));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> limits.held() == LONG_POLLS);
        assertThat(meters.get("sync.catchup.longpolls.open").gauge().value()).isEqualTo(LONG_POLLS);
        assertThat(polls).noneMatch(CompletableFuture::isDone);

        // the instance is full: one more long-poll, of a user holding none, is refused at once, over real HTTP
        HttpResponse<String> refused = send(longPoll(issuer.token("carol"), "carol-phone"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"limit\":\"instance\"", "\"bound\":" + LONG_POLLS);

        // with every long-poll waiting, a read that does not wait is still answered
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/lists/groceries/events?after=0")).header("Authorization", "Bearer " + ann));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("\"head\":" + after);

        append(accepted(after + 1, "ann-phone", "ann", after + 1, 1001, added("milk", "Milk")));
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            HttpResponse<String> answer = poll.get(20, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"itemId\":\"milk\"", "\"next\":" + (after + 1));
        }
        assertThat(limits.held()).isZero();
    }

    /**
     * Two devices of one user, each with a token of its own, a clientId of its own and an address of its own
     * (behind a reverse proxy): their long-polls count against one cap, the user's; another user's do not.
     */
    @Test
    void theLongPollsOfTwoDevicesOfOneUserAreCappedTogether() throws Exception {
        LongPollLimits limits = app.getBean(LongPollLimits.class);
        String phone = issuer.token("ann");
        String laptop = issuer.token("ann");
        assertThat(phone).as("two sign-ins, two tokens").isNotEqualTo(laptop);
        long after = head;

        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < PER_USER; i++) {
            polls.add(sendAsync(i < 20 ? longPoll(phone, "ann-phone").header("X-Forwarded-For", "198.51.100.7")
                    : longPoll(laptop, "ann-laptop").header("X-Forwarded-For", "203.0.113.9")));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> limits.held() == PER_USER);

        // one more from either device is refused: the user's cap, not the device's nor the address's
        for (HttpRequest.Builder more : List.of(longPoll(phone, "ann-phone").header("X-Forwarded-For", "198.51.100.7"),
                longPoll(laptop, "ann-laptop").header("X-Forwarded-For", "203.0.113.9"),
                longPoll(laptop, "ann-tablet").header("X-Forwarded-For", "192.0.2.44"))) {
            HttpResponse<String> refused = send(more);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(refused.body()).contains("\"limit\":\"user\"", "\"bound\":" + PER_USER);
        }
        assertThat(limits.held()).isEqualTo(PER_USER);

        // bob, from the very address of ann's phone, is another caller: his long-poll waits
        polls.add(sendAsync(longPoll(issuer.token("bob"), "bob-phone").header("X-Forwarded-For", "198.51.100.7")));
        await().atMost(Duration.ofSeconds(20)).until(() -> limits.held() == PER_USER + 1);

        append(accepted(after + 1, "ann-phone", "ann", after + 1, 2000, added("eggs", "Eggs")));
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            HttpResponse<String> answer = poll.get(20, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"itemId\":\"eggs\"");
        }
        assertThat(limits.held()).isZero();
    }
}
