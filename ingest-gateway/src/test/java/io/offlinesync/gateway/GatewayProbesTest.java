package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application as it is run, with no broker and JSON logs switched on by {@code LOG_FORMAT}: the
 * probes, open without a token, say live but not ready (the broker probe finds none, the membership view has
 * not caught up), info (an operator's) carries the build version, and every console line is a JSON object.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayProbesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void liveButNotReadyWithoutABrokerVersionInInfoAndJsonLogLines(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext app = IngestGatewayApplication.app().run(
                "--server.port=0",
                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                "--TOPIC_CREATION_TIMEOUT=500ms",
                "--REGISTER_SCHEMAS=false",
                "--BROKER_PROBE_DEADLINE=300ms",
                "--OIDC_ISSUER_URI=" + TestIssuer.issuerUri(),
                "--LOG_FORMAT=ecs")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            String operator = "Bearer " + TestIssuer.adminToken("ops");

            HttpResponse<String> liveness = get(http, port, "/actuator/health/liveness", null);
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
            JsonNode live = JSON.readTree(liveness.body()).path("components");
            assertThat(live.path("inboxSenderLiveness").path("status").asString()).isEqualTo("UP");
            assertThat(live.path("livenessState").path("status").asString()).isEqualTo("UP");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> readiness = get(http, port, "/actuator/health/readiness", null);
                assertThat(readiness.statusCode()).isEqualTo(503);
                JsonNode ready = JSON.readTree(readiness.body()).path("components");
                assertThat(ready.path("kafka").path("status").asString()).isEqualTo("DOWN");
                assertThat(ready.path("inboxSender").path("status").asString()).isEqualTo("UP");
                assertThat(ready.path("readinessState").path("status").asString()).isEqualTo("UP");
                // no broker: todo.members cannot be read, so no traffic (members would be answered as strangers)
                assertThat(ready.path("membershipView").path("status").asString()).isEqualTo("OUT_OF_SERVICE");
                assertThat(ready.path("membershipView").path("details").path("caughtUp").asBoolean()).isFalse();
            });

            JsonNode info = JSON.readTree(get(http, port, "/actuator/info", operator).body());
            assertThat(info.path("build").path("artifact").asString()).isEqualTo("ingest-gateway");
            assertThat(info.path("build").path("version").asString()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");

            String metrics = get(http, port, "/actuator/prometheus", operator).body();
            assertThat(metrics).contains("sync_ingest_sender_stalls_total 0.0")
                    .contains("sync_ingest_ack_seconds_bucket{outcome=\"acked\",le=\"0.1\"}")
                    .contains("sync_ingest_batch_events_bucket{le=\"10.0\"}")
                    .contains("kafka_producer_record_send_total"); // the producer's own metrics
        }
        List<String> lines = output.getOut().lines().filter(line -> line.contains("ingest-gateway: kafka")).toList();
        assertThat(lines).as("the gateway's startup line").hasSize(1);
        JsonNode line = JSON.readTree(lines.getFirst());
        assertThat(line.isObject()).isTrue();
        assertThat(line.path("@timestamp").asString()).isNotBlank();
        assertThat(line.path("message").asString()).startsWith("ingest-gateway: kafka 127.0.0.1:1");
        assertThat(line.toString()).contains("INFO").contains("ingest-gateway");
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
