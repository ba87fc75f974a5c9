package io.offlinesync.query.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.avro.ListHead;
import io.offlinesync.testing.EmbeddedBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Another instance's list heads reach this instance's streams: on a real (in-JVM KRaft) broker, heads written to
 * the heads changelog after PeerHeads started are told to the HeadWatch, for every list they name.
 */
class PeerHeadsTest {

    private static final String CHANGELOG = "todo-query-api-list-heads-changelog";

    @Test
    void headsOtherInstancesWriteWakeTheStreamsHere() throws Exception {
        EmbeddedKafkaKraftBroker broker = EmbeddedBroker.start(2);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.getBrokersAsString()));
             KafkaProducer<String, ListHead> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     broker.getBrokersAsString()), new StringSerializer(), new PlainAvroSerde<>(ListHead.class).serializer())) {
            admin.createTopics(List.of(new NewTopic(CHANGELOG, 2, (short) 1))).all().get();
            producer.send(new ProducerRecord<>(CHANGELOG, "groceries", new ListHead(3L, Map.of()))).get();

            HeadWatch heads = new HeadWatch();
            Map<String, Long> told = new ConcurrentHashMap<>();
            heads.subscribe(Set.of("groceries", "chores"), new HeadWatch.Listener() {
                @Override
                public void advanced(String listId, long head) {
                    told.merge(listId, head, Math::max);
                }

                @Override
                public void released() {
                }
            });
            try (PeerHeads peers = new PeerHeads(Map.of("bootstrap.servers", broker.getBrokersAsString()), CHANGELOG,
                    new PlainAvroSerde<>(ListHead.class).deserializer(), heads).start()) {
                // it follows from the end: keep writing until one after its start is told, then check the rest
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    producer.send(new ProducerRecord<>(CHANGELOG, "chores", new ListHead(9L, Map.of()))).get();
                    return told.containsKey("chores");
                });
                producer.send(new ProducerRecord<>(CHANGELOG, "groceries", new ListHead(4L, Map.of()))).get();
                await().atMost(Duration.ofSeconds(10)).until(() -> told.getOrDefault("groceries", 0L) == 4L);
                assertThat(told).containsEntry("chores", 9L);
            }
        } finally {
            broker.destroy();
        }
    }
}
