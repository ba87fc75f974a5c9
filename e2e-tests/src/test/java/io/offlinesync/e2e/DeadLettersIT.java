package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.schemas.Topics;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.deadletters.DeadLetter;
import io.offlinesync.streams.deadletters.DeadLetterStage;
import io.offlinesync.streams.deadletters.DeadLetterTopic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * On the running platform: a record on todo.inbox that is not an InboxBatch goes to todo.deadletters with
 * its origin, the list it was keyed to (same partition) is still sequenced and folded after it, the meter
 * counts it, and the projector's health says DEGRADED (HTTP 200) while readiness stays UP.
 */
@PlatformTest
class DeadLettersIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Platform platform;

    @Test
    void aPoisonBatchIsDeadLetteredAndItsPartitionGoesOn() throws Exception {
        String listId = "poisoned-" + System.nanoTime();
        RecordMetadata poison = platform.writeToInbox(listId, "not an inbox batch");

        // the same list (so the same partition), pushed after the poison record, is sequenced and folded
        Device ann = platform.device("ann-phone");
        assertThat(ann.push(listId, ann.batch(ann.event("ListCreated", "\"title\":\"After\",\"policy\":\"lww\""))).status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> ann.state(listId).status() == 200);
        assertThat(ann.pull(listId, 0, 10, 0).body().get("events").get(0).get("listVersion").asLong()).isEqualTo(1L);

        DeadLetterTopic topic = new DeadLetterTopic(KafkaClients.of(platform.bootstrap), "todo.deadletters");
        List<DeadLetterTopic.Located> letters = topic.read(Duration.ofSeconds(20));
        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.getFirst().letter();
        assertThat(letter.application()).isEqualTo("todo-sequencer");
        assertThat(letter.stage()).isEqualTo(DeadLetterStage.DESERIALIZATION);
        assertThat(letter.topic()).isEqualTo(Topics.INBOX);
        assertThat(letter.partition()).isEqualTo(poison.partition());
        assertThat(letter.offset()).isEqualTo(poison.offset());
        assertThat(letter.key()).isEqualTo(listId.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> health = get(platform.projectorUrl() + "/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.path("status").asString()).isEqualTo("DEGRADED");
        JsonNode streams = body.path("components").path("streams");
        assertThat(streams.path("status").asString()).isEqualTo("DEGRADED");
        assertThat(streams.path("details").path("lastDeadLetter").path("sequencer").path("origin").asString())
                .isEqualTo(Topics.INBOX + "-" + poison.partition() + "@" + poison.offset());
        assertThat(get(platform.projectorUrl() + "/actuator/health/readiness").statusCode()).isEqualTo(200);

        assertThat(get(platform.projectorUrl() + "/actuator/prometheus").body())
                .contains("sync_deadletters_total{application=\"todo-sequencer\",stage=\"deserialization\"} 1.0")
                .contains("sync_deadletters_total{application=\"todo-projection-v1\",stage=\"processing\"} 0.0")
                .contains("sync_sequencer_inbox_retention_used_ratio");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + platform.adminToken())
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
