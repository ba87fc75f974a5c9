package io.offlinesync.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.issuer.testing.IssuerProcess;
import io.offlinesync.testing.StubRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application as it is run ({@code QueryApplication.app()}), with a stand-in registry, no Kafka broker and
 * the platform's issuer ({@link IssuerProcess}): {@code /actuator/prometheus} serves the catch-up meters to an
 * operator, Spring's own errors carry a type, and the probes answer without a token.
 */
class QueryEndpointsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final StubRegistry registry = new StubRegistry();
    private final IssuerProcess issuer = IssuerProcess.shared();

    @TempDir
    Path stateDir;

    @Test
    void prometheusServesTheCatchUpMetersAndErrorsAreCompleteProblems() throws Exception {
        try (ConfigurableApplicationContext app = QueryApplication.app().run(
                "--server.port=0",
                "--OIDC_ISSUER_URI=" + issuer.issuerUri(),
                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                "--TOPIC_CREATION_TIMEOUT=500ms",
                "--REGISTRY_URL=" + registry.url(),
                "--STATE_DIR=" + stateDir)) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            String operator = "Bearer " + issuer.adminToken("op");
            String user = "Bearer " + issuer.token("ann");
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).header("Authorization", operator)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("sync_catchup_requests_total{waited=\"false\"} 0.0")
                    .contains("sync_catchup_requests_total{waited=\"true\"} 0.0")
                    .contains("sync_catchup_page_events_count 0")
                    .contains("sync_catchup_page_events_bucket{le=\"10.0\"} 0")
                    .contains("sync_catchup_longpolls_open 0.0");

            HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/lists/groceries")).header("Authorization", user)
                    .DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(wrongMethod.body()).contains("\"type\":\"about:blank\"").contains("\"status\":405");

            HttpResponse<String> valueless = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/lists/groceries?policy")).header("Authorization", user)
                    .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(valueless.statusCode()).isEqualTo(400);
            assertThat(valueless.body()).contains("\"field\":\"policy\"");
        }
    }

    @Test
    void probesSayLiveButNotReadyWithoutABrokerAndInfoNamesTheVersionAndProjections() throws Exception {
        try (ConfigurableApplicationContext app = QueryApplication.app().run(
                "--server.port=0",
                "--OIDC_ISSUER_URI=" + issuer.issuerUri(),
                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                "--TOPIC_CREATION_TIMEOUT=500ms",
                "--REGISTRY_URL=" + registry.url(),
                "--STATE_DIR=" + stateDir,
                "--BROKER_PROBE_DEADLINE=300ms")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();

            // the probes are open: orchestrators probe without tokens
            HttpResponse<String> liveness = get(http, port, "/actuator/health/liveness", null);
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
            JsonNode live = JSON.readTree(liveness.body());
            assertThat(live.path("components").path("streamsLiveness").path("details").path("query-api").asString())
                    .startsWith("REBALANCING");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> readiness = get(http, port, "/actuator/health/readiness", null);
                assertThat(readiness.statusCode()).isEqualTo(503);
                JsonNode components = JSON.readTree(readiness.body()).path("components");
                assertThat(components.path("streamsReadiness").path("details").path("query-api").asString())
                        .isEqualTo("REBALANCING, not yet running");
                assertThat(components.path("kafka").path("status").asString()).isEqualTo("DOWN");
                assertThat(components.path("activeProjection").path("status").asString()).isEqualTo("DOWN");
                assertThat(components.path("readinessState").path("status").asString()).isEqualTo("UP");
                // the membership view has read nothing of todo.members yet: the service would answer members 404
                assertThat(components.path("membershipView").path("status").asString()).isEqualTo("OUT_OF_SERVICE");
                assertThat(components.path("membershipView").path("details").path("caughtUp").asBoolean(true)).isFalse();
            });

            // the rest of the actuator is the operators'
            assertThat(get(http, port, "/actuator/info", null).statusCode()).isEqualTo(401);
            assertThat(get(http, port, "/actuator/info", issuer.token("ann")).statusCode()).isEqualTo(403);
            JsonNode info = JSON.readTree(get(http, port, "/actuator/info", issuer.adminToken("op")).body());
            assertThat(info.path("build").path("artifact").asString()).isEqualTo("query-api");
            assertThat(info.path("build").path("version").asString()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
            assertThat(info.path("query").path("projections").toString()).isEqualTo("[\"v1\",\"v2\"]");
            assertThat(info.path("query").path("activeProjectionUnknown").asString()).contains("todo.projections");
        }
    }

    /** GET {@code path} with {@code token} as bearer (null: none). */
    private static HttpResponse<String> get(HttpClient http, int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
