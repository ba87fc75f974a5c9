package io.offlinesync.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.offlinesync.testing.EmbeddedBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The declared topics on a real (in-JVM KRaft) broker: the missing ones are made, an existing one is left alone. */
class KafkaClientsTest {

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(1);
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void createsTheMissingTopicsAndNeverRaisesAnExistingOnesPartitions() throws Exception {
        KafkaClients kafka = KafkaClients.of(broker.getBrokersAsString());
        PlatformTopics topics = new PlatformTopics(4, (short) 1, Duration.ofSeconds(10));
        assertThat(kafka.createMissing(List.of(new NewTopic("kc.events", 2, (short) 1)), Duration.ofSeconds(10)))
                .containsExactly("kc.events");

        assertThat(kafka.createMissing(List.of(topics.events("kc.events"), topics.members("kc.members"),
                topics.deadLetters("kc.deadletters")), Duration.ofSeconds(10)))
                .containsExactlyInAnyOrder("kc.members", "kc.deadletters");
        try (Admin admin = kafka.newAdmin(Map.of())) {
            // a topic just made is described once its metadata has reached the broker's cache
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                Map<String, TopicDescription> described = admin.describeTopics(List.of("kc.events", "kc.members",
                        "kc.deadletters")).allTopicNames().get();
                assertThat(described.get("kc.events").partitions()).hasSize(2); // as it was, not the declared 4
                assertThat(described.get("kc.members").partitions()).hasSize(4);
                assertThat(described.get("kc.deadletters").partitions()).hasSize(1);
            });
        }
    }

    @Test
    void aBrokerAwayIsAPlainErrorWithinTheDeadline() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> KafkaClients.of("127.0.0.1:1").createMissing(
                List.of(new NewTopic("kc.never", 1, (short) 1)), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("kc.never");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
