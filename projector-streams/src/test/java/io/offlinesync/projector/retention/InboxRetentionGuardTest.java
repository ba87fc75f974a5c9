package io.offlinesync.projector.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.StreamsHealthIndicator;
import io.offlinesync.testing.EmbeddedBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * On a real broker: a batch older than half of the inbox's retention.ms that the group has not consumed
 * turns the guard DEGRADED with its ratio in the gauge; once the group commits past it, UP again.
 */
class InboxRetentionGuardTest {

    private static final long RETENTION_MS = 1_000_000;
    private static EmbeddedKafkaKraftBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start(1, new NewTopic("guard.inbox", 2, (short) 1)
                .configs(Map.of("retention.ms", Long.toString(RETENTION_MS))));
        admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.destroy();
    }

    @Test
    void anOldUnsequencedBatchTurnsHealthDegradedUntilTheGroupConsumesIt() throws Exception {
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            // partition 1: consumed already; partition 0: a batch 70% of retention old, then a fresh one
            producer.send(new ProducerRecord<>("guard.inbox", 1, now, null, new byte[] {1})).get();
            producer.send(new ProducerRecord<>("guard.inbox", 0, now - RETENTION_MS * 7 / 10, null, new byte[] {2})).get();
            producer.send(new ProducerRecord<>("guard.inbox", 0, now, null, new byte[] {3})).get();
        }
        admin.alterConsumerGroupOffsets("guard-sequencer",
                Map.of(new TopicPartition("guard.inbox", 1), new OffsetAndMetadata(1))).all().get();

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InboxRetentionGuard guard = new InboxRetentionGuard(new InboxBacklog(admin,
                KafkaClients.of(broker.getBrokersAsString()), "guard.inbox", "guard-sequencer"), new InboxRetentionProperties(Duration.ofMinutes(1), 0.5),
                meters, Clock.systemUTC());
        try {
            assertThat(guard.health().getStatus()).isEqualTo(Status.UNKNOWN);
            guard.check();
            double gauge = meters.get("sync.sequencer.inbox.retention.used.ratio").gauge().value();
            assertThat(gauge).isCloseTo(0.7, within(0.05));
            assertThat(guard.health().getStatus()).isEqualTo(StreamsHealthIndicator.DEGRADED);
            assertThat(guard.health().getDetails()).containsEntry("retentionMs", RETENTION_MS).containsEntry("warnAt", 0.5);

            admin.alterConsumerGroupOffsets("guard-sequencer",
                    Map.of(new TopicPartition("guard.inbox", 0), new OffsetAndMetadata(1))).all().get();
            guard.check();
            assertThat(meters.get("sync.sequencer.inbox.retention.used.ratio").gauge().value()).isLessThan(0.05);
            assertThat(guard.health().getStatus()).isEqualTo(Status.UP);
        } finally {
            guard.close();
        }
    }
}
