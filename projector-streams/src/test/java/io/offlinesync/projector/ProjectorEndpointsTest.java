package io.offlinesync.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import io.offlinesync.issuer.testing.IssuerProcess;
import io.offlinesync.testing.StubRegistry;
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
 * The application as it is run ({@code ProjectorApplication.app()}), with a stand-in registry and no Kafka
 * broker: the management port serves the sequencer's counters on {@code /actuator/prometheus}.
 */
class ProjectorEndpointsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final StubRegistry registry = new StubRegistry();

    @TempDir
    Path stateDir;

    @Test
    void prometheusEndpointShowsTheSequencerCounters() throws Exception {
        try (ConfigurableApplicationContext app = ProjectorApplication.app().run(
                "--server.port=0",
                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                "--TOPIC_CREATION_TIMEOUT=500ms",
                "--REGISTRY_URL=" + registry.url(),
                "--OIDC_ISSUER_URI=" + IssuerProcess.shared().issuerUri(),
                "--STATE_DIR=" + stateDir)) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            // the metrics are an operator's: no token 401, a user's token 403
            HttpResponse<String> anonymous = get(http, port, "/actuator/prometheus", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
            assertThat(get(http, port, "/actuator/prometheus", IssuerProcess.shared().token("ann")).statusCode())
                    .isEqualTo(403);
            HttpResponse<String> metrics = get(http, port, "/actuator/prometheus", OPERATOR.get());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("sync_sequencer_events_total{outcome=\"accepted\",reason=\"none\"} 0.0")
                    .contains("sync_sequencer_events_total{outcome=\"duplicate\",reason=\"none\"} 0.0")
                    .contains("sync_sequencer_events_total{outcome=\"rejected\",reason=\"gap\"} 0.0")
                    .contains("sync_sequencer_events_total{outcome=\"rejected\",reason=\"unknown-list\"} 0.0");
            // Kafka Streams' own metrics, per application
            assertThat(metrics.body().lines().filter(line -> line.startsWith("kafka_stream")))
                    .anyMatch(line -> line.contains("application=\"sequencer\""))
                    .anyMatch(line -> line.contains("application=\"projection-v2\""));
        }
    }

    @Test
    void probesSayLiveButNotReadyWithoutABrokerAndInfoNamesTheVersionAndProjections() throws Exception {
        try (ConfigurableApplicationContext app = ProjectorApplication.app().run(
                "--server.port=0",
                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                "--TOPIC_CREATION_TIMEOUT=500ms",
                "--REGISTRY_URL=" + registry.url(),
                "--STATE_DIR=" + stateDir,
                "--OIDC_ISSUER_URI=" + IssuerProcess.shared().issuerUri(),
                "--PROJECTIONS=v1,v2",
                "--BROKER_PROBE_DEADLINE=300ms")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> liveness = get(http, port, "/actuator/health/liveness");
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
            JsonNode live = JSON.readTree(liveness.body());
            assertThat(live.path("status").asString()).isEqualTo("UP");
            assertThat(live.path("components").path("streamsLiveness").path("details").path("sequencer").asString())
                    .startsWith("REBALANCING");
            assertThat(live.path("components").has("livenessState")).isTrue();

            // the Streams clients wait for a broker (not yet running) and the broker probe finds none
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> readiness = get(http, port, "/actuator/health/readiness");
                assertThat(readiness.statusCode()).isEqualTo(503);
                JsonNode ready = JSON.readTree(readiness.body());
                assertThat(ready.path("status").asString()).isEqualTo("DOWN");
                assertThat(ready.path("components").path("streamsReadiness").path("details").path("projection-v2")
                        .asString()).isEqualTo("REBALANCING, not yet running");
                assertThat(ready.path("components").path("kafka").path("status").asString()).isEqualTo("DOWN");
                assertThat(ready.path("components").path("kafka").path("details").has("error")).isTrue();
            });

            assertThat(get(http, port, "/actuator/info", null).statusCode()).isEqualTo(401);
            JsonNode info = JSON.readTree(get(http, port, "/actuator/info", OPERATOR.get()).body());
            assertThat(info.path("build").path("version").asString()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
            assertThat(info.path("build").path("artifact").asString()).isEqualTo("projector-streams");
            assertThat(info.path("projector").path("projections").toString()).isEqualTo("[\"v1\",\"v2\"]");
            assertThat(info.path("projector").path("applications").path("projection-v2").asString())
                    .isEqualTo("todo-projection-v2");
        }
    }

    /** An operator's token: every actuator endpoint but the probes needs the scope sync:admin. */
    private static final java.util.function.Supplier<String> OPERATOR = () -> IssuerProcess.shared().adminToken("operator");

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return get(http, port, path, null);
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
