package io.offlinesync.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import io.offlinesync.access.membership.InMemoryMembershipView;
import io.offlinesync.access.membership.MembershipView;
import io.offlinesync.gateway.inbox.InboxAppender;
import io.offlinesync.schemas.AvroPackages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole application on a random port (real Tomcat, so size limits, chunked bodies and the container's
 * own errors are exercised, and the real security filters), with the inbox replaced by
 * {@link FakeInboxAppender}, the membership view by {@link #MEMBERS} (empty: every list is unknown, so anyone
 * may push) and schema registration off. Tokens come from the real issuer ({@link TestIssuer}); requests are
 * made as {@link #USER} unless a test says otherwise. Subclasses share one application context.
 *
 * <p>The per-user push limit is raised far above what any test sends: every push here is {@link #USER}'s, and
 * the user's bucket is taken before the body is read, so the hundreds of refused bodies of the shared context
 * would otherwise empty it ({@code RateLimitTest} checks the limit with its own settings).
 *
 * <p>No broker: the Kafka clients point at a closed port (not at whatever runs on {@code localhost:9092}), and the
 * startup's wait for the broker to make the declared topics is cut to 500 ms.
 *
 * <p>Admission is off: it would read the pipeline's lag from whatever broker answers at the default
 * {@code localhost:9092} (a local stack under load would close it); {@code PipelineBehindTest} checks it on a
 * broker of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=ingest-gateway",
        "spring.kafka.bootstrap-servers=127.0.0.1:1",
        "sync.topics.creation-timeout=500ms",
        "sync.registry.register-on-startup=false",
        "sync.retry-after=7s",
        "sync.rate-limit.pushes-per-second=10000",
        "sync.rate-limit.burst=10000",
        "sync.admission.enabled=false",
        "logging.level.io.offlinesync.gateway.web.ProblemHandler=ERROR"})
abstract class WebTestBase {

    /** The user the requests of the tests are made as, unless they say otherwise. */
    static final String USER = "ann";
    static final FakeInboxAppender FAKE = new FakeInboxAppender();
    /** The gateway's membership view: cleared before each test, so every list is unknown unless a test puts it. */
    static final InMemoryMembershipView MEMBERS = new InMemoryMembershipView();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TestBean(name = "inboxAppender", methodName = "fakeInboxAppender")
    InboxAppender inboxAppender;

    @TestBean(name = "membershipView", methodName = "inMemoryMembershipView")
    MembershipView membershipView;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("sync.access.issuer-uri", TestIssuer::issuerUri);
    }

    static InboxAppender fakeInboxAppender() {
        return FAKE;
    }

    static MembershipView inMemoryMembershipView() {
        return MEMBERS;
    }

    @BeforeAll
    static void trustAvro() {
        AvroPackages.trust();
    }

    @BeforeEach
    void resetFakes() {
        FAKE.reset();
        MEMBERS.clear();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A POST as {@link #USER}. */
    HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return post(path, contentType, body, TestIssuer.bearer(USER));
    }

    /** A POST with this {@code Authorization} header (none when null). */
    HttpResponse<String> post(String path, String contentType, byte[] body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A push as {@link #USER}. */
    HttpResponse<String> postJson(String listId, String body) throws IOException, InterruptedException {
        return pushAs(USER, listId, body);
    }

    /** A push with {@code user}'s token. */
    HttpResponse<String> pushAs(String user, String listId, String body) throws IOException, InterruptedException {
        return post("/v1/lists/" + listId + "/events", "application/json",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), TestIssuer.bearer(user));
    }

    /** A GET with this {@code Authorization} header (none when null). */
    HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
