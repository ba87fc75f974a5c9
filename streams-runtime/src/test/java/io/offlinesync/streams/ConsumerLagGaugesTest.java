package io.offlinesync.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import io.offlinesync.testing.EmbeddedBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Lag gauges and broker reachability against a real (in-JVM KRaft) broker. */
class ConsumerLagGaugesTest {

    private static EmbeddedKafkaKraftBroker broker;
    private static MonitoringAdmin monitoring;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(2);
        monitoring = new MonitoringAdmin(KafkaClients.of(broker.getBrokersAsString()), "lag-test");
        admin = monitoring.admin();
    }

    @AfterAll
    static void stopBroker() {
        monitoring.close();
        broker.destroy();
    }

    private static Properties producer(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return props;
    }

    private static void commit(String group, TopicPartition partition, long offset) throws Exception {
        admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(offset))).all().get();
    }

    @Test
    void lagPerPartitionIsEndMinusCommittedAndNeverCommittedCountsFromZero() throws Exception {
        admin.createTopics(List.of(new NewTopic("lag-plain", 2, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer(null), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("lag-plain", 0, "k", "v" + i)).get();
            }
            producer.send(new ProducerRecord<>("lag-plain", 1, "k", "w")).get();
        }
        commit("plain-group", new TopicPartition("lag-plain", 0), 2);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConsumerLagGauges.Target target = new ConsumerLagGauges.Target("test.lag", "lag", Tags.of("app", "plain"),
                "plain-group", "lag-plain", false);
        try (ConsumerLagGauges gauges = new ConsumerLagGauges(admin, KafkaClients.of(broker.getBrokersAsString()), registry,
                List.of(target), Duration.ofSeconds(30))) {
            gauges.sampleAll();
            assertThat(gauges.lag(target)).isEqualTo(Map.of(0, 3.0, 1, 1.0));
            assertThat(registry.get("test.lag").tags("app", "plain", "partition", "0").gauge().value()).isEqualTo(3.0);
            assertThat(registry.get("test.lag").tags("app", "plain", "partition", "1").gauge().value()).isEqualTo(1.0);

            commit("plain-group", new TopicPartition("lag-plain", 0), 5);
            gauges.sampleAll();
            assertThat(registry.get("test.lag").tags("partition", "0").gauge().value()).isZero();
        }
    }

    @Test
    void onATransactionalTopicCommitMarkersAloneAreNoLag() throws Exception {
        admin.createTopics(List.of(new NewTopic("lag-tx", 1, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer("lag-test-tx"),
                new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            for (int t = 0; t < 2; t++) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("lag-tx", 0, "k", "a" + t));
                producer.send(new ProducerRecord<>("lag-tx", 0, "k", "b" + t));
                producer.commitTransaction();
            }
        }
        // offsets: 0 a0, 1 b0, 2 marker, 3 a1, 4 b1, 5 marker; end offset 6
        TopicPartition partition = new TopicPartition("lag-tx", 0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConsumerLagGauges.Target target = new ConsumerLagGauges.Target("test.lag", "lag", Tags.empty(),
                "tx-group", "lag-tx", true);
        try (ConsumerLagGauges gauges = new ConsumerLagGauges(admin, KafkaClients.of(broker.getBrokersAsString()), registry,
                List.of(target), Duration.ofSeconds(30))) {
            commit("tx-group", partition, 3);
            gauges.sampleAll();
            assertThat(gauges.lag(target)).as("two records behind").isEqualTo(Map.of(0, 3.0));

            commit("tx-group", partition, 5); // processed b1, the marker after it is not a record
            gauges.sampleAll();
            assertThat(gauges.lag(target)).isEqualTo(Map.of(0, 0.0));
        }
    }

    @Test
    void aGroupWhoseLagCannotBeReadIsNaNAndTheProbeOfALiveBrokerIsUp() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        admin.createTopics(List.of(new NewTopic("lag-gone", 1, (short) 1))).all().get();
        ConsumerLagGauges.Target target = new ConsumerLagGauges.Target("test.lag", "lag", Tags.empty(),
                "gone-group", "lag-gone", false);
        try (ConsumerLagGauges gauges = new ConsumerLagGauges(admin, KafkaClients.of(broker.getBrokersAsString()), registry,
                List.of(target), Duration.ofSeconds(30))) {
            gauges.sampleAll();
            assertThat(gauges.lag(target)).isEqualTo(Map.of(0, 0.0));
            admin.deleteTopics(List.of("lag-gone")).all().get();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                gauges.sampleAll();
                assertThat(gauges.lag(target).get(0)).isNaN();
            });
        }
        try (BrokerProbe probe = BrokerProbe.of(admin, Duration.ofSeconds(30), Duration.ofSeconds(2))) {
            probe.checkNow();
            assertThat(probe.health().getStatus()).isEqualTo(Status.UP);
            assertThat(probe.health().getDetails()).containsEntry("brokers", 1);
        }
    }
}
