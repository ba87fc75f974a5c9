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
import org.springframework.test.context.bean.override.convention.TestBean;
import io.offlinesync.gateway.inbox.InboxAppender;
import io.offlinesync.schemas.AvroPackages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole application on a random port (real Tomcat, so size limits, chunked bodies and the container's
 * own errors are exercised), with the inbox replaced by {@link FakeInboxAppender} and schema registration
 * off. Subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=ingest-gateway",
        "sync.registry.register-on-startup=false",
        "sync.retry-after=7s",
        "logging.level.io.offlinesync.gateway.web.ProblemHandler=ERROR"})
abstract class WebTestBase {

    static final FakeInboxAppender FAKE = new FakeInboxAppender();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TestBean(name = "inboxAppender", methodName = "fakeInboxAppender")
    InboxAppender inboxAppender;

    @LocalServerPort
    int port;

    static InboxAppender fakeInboxAppender() {
        return FAKE;
    }

    @BeforeAll
    static void trustAvro() {
        AvroPackages.trust();
    }

    @BeforeEach
    void resetFake() {
        FAKE.reset();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String listId, String body) throws IOException, InterruptedException {
        return post("/v1/lists/" + listId + "/events", "application/json",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
