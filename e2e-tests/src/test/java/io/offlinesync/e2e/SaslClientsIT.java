package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.deadletters.DeadLetter;
import io.offlinesync.streams.deadletters.DeadLetterStage;
import io.offlinesync.streams.deadletters.DeadLetterTopic;
import io.offlinesync.streams.projections.ProjectionControl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One setting reaches every Kafka client: the services' clients (the Kafka Streams applications, the gateway's inbox
 * producer, the membership views, the broker probes and lag readers, the admin endpoints' control, the
 * active-projection watch, the dead letters) connect to a listener that takes only SASL_PLAINTEXT, with nothing but
 * {@code spring.kafka.properties.*} set; a client without them is refused there.
 */
class SaslClientsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Platform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.start(Platform.Setup.withSasl());
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theListenerRefusesAClientWithoutTheSettings() {
        try (ProjectionControl bare = new ProjectionControl(KafkaClients.of(platform.clientBootstrap))) {
            assertThatThrownBy(() -> bare.requireReachable(Duration.ofSeconds(3)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not reachable");
        }
        try (ProjectionControl configured = new ProjectionControl(KafkaClients.of(saslSettings()))) {
            configured.requireReachable(Duration.ofSeconds(10));
        }
    }

    @Test
    void everyServiceIsReadyAndPushesAdminEndpointsAndDeadLettersWork() throws Exception {
        // readiness: broker probes, membership views and the active-projection watch, all over SASL
        for (String url : List.of(platform.gatewayUrl(), platform.queryUrl(), platform.projectorUrl())) {
            await(url + " ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> get(url + "/actuator/health/readiness").statusCode() == 200);
        }
        JsonNode queryReadiness = JSON.readTree(get(platform.queryUrl() + "/actuator/health/readiness").body());
        assertThat(queryReadiness.path("components").path("activeProjection").path("status").asString())
                .isEqualTo("UP");
        assertThat(queryReadiness.path("components").path("membershipView").path("status").asString())
                .isEqualTo("UP");
        assertThat(queryReadiness.path("components").path("kafka").path("status").asString()).isEqualTo("UP");

        // the gateway's push (its inbox producer), then the read through the whole pipeline
        String listId = "sasl-" + System.nanoTime();
        Device ann = platform.device("ann-phone");
        assertThat(ann.push(listId, ann.batch(ann.event("ListCreated", "\"title\":\"Secure\",\"policy\":\"lww\"")))
                .status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> ann.state(listId).status() == 200);

        // the admin endpoints' ProjectionControl (admin client and consumer)
        HttpResponse<String> projections = get(platform.queryUrl() + "/admin/projections");
        assertThat(projections.statusCode()).as(projections.body()).isEqualTo(200);
        JsonNode status = JSON.readTree(projections.body());
        assertThat(status.path("active").asString()).isEqualTo("v1");
        assertThat(status.path("projections").size()).isPositive();

        // a dead letter, written by the sequencer's dead-letter producer and read back over SASL
        RecordMetadata poison = platform.writeToInbox(listId, "not an inbox batch");
        DeadLetterTopic topic = new DeadLetterTopic(KafkaClients.of(saslSettings()), "todo.deadletters");
        await().atMost(Duration.ofSeconds(30)).until(() -> !topic.read(Duration.ofSeconds(10)).isEmpty());
        DeadLetter letter = topic.read(Duration.ofSeconds(10)).getFirst().letter();
        assertThat(letter.stage()).isEqualTo(DeadLetterStage.DESERIALIZATION);
        assertThat(letter.offset()).isEqualTo(poison.offset());
    }

    private static Map<String, Object> saslSettings() {
        Map<String, Object> settings = new HashMap<>(platform.kafkaProperties);
        settings.put("bootstrap.servers", platform.clientBootstrap);
        return settings;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + platform.adminToken())
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
