package io.offlinesync.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;
import io.offlinesync.testing.EmbeddedBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A store rebuilt from its changelog (its local state deleted) is seen restoring, readiness stays DOWN
 * meanwhile, and turns UP once the client runs with nothing left to restore.
 */
class RestoreTrackingTest {

    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(1);
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    private ManagedStreams table() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("restore-input", Consumed.with(Serdes.String(), Serdes.String()),
                Materialized.as("restore-store"));
        Properties props = new StreamsSettings(broker.getBrokersAsString(), "restore-test", stateDir.toString(), false,
                Duration.ofMillis(100), 1, null).toProperties();
        // no source-topic optimization: the store has a changelog of its own to restore from; small restore
        // batches so that the restoration lasts long enough to be seen
        props.put("restore.consumer.max.poll.records", 500);
        return new ManagedStreams("restore", builder.build(), props, null);
    }

    @Test
    void aStoreRestoringFromItsChangelogKeepsReadinessDownUntilDone() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic("restore-input", 1, (short) 1))).all().get();
        }
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 30_000; i++) {
                producer.send(new ProducerRecord<>("restore-input", "key-" + i, "value-" + i));
            }
        }
        try (ManagedStreams first = table()) {
            first.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == State.RUNNING
                    && StreamsProbe.readiness(new StreamsApplications(List.of(first))).health().getStatus().equals(Status.UP));
            await().atMost(Duration.ofSeconds(60)).until(() -> first.streams().store(StoreQueryParameters
                    .fromNameAndType("restore-store", QueryableStoreTypes.<String, String>keyValueStore()))
                    .approximateNumEntries() >= 30_000);
        }
        Utils.delete(stateDir.toFile()); // the next start restores the whole store from its changelog

        try (ManagedStreams second = table()) {
            StreamsProbe readiness = StreamsProbe.readiness(new StreamsApplications(List.of(second)));
            AtomicInteger maxRestoring = new AtomicInteger();
            AtomicBoolean readyWhileRestoring = new AtomicBoolean();
            second.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).until(() -> {
                StreamsStatus status = second.status();
                maxRestoring.accumulateAndGet(status.restoringStores(), Math::max);
                if (status.restoringStores() > 0 && readiness.health().getStatus().equals(Status.UP)) {
                    readyWhileRestoring.set(true);
                }
                return status.state() == State.RUNNING && status.restoringStores() == 0 && maxRestoring.get() > 0;
            });
            assertThat(maxRestoring.get()).isEqualTo(1);
            assertThat(readyWhileRestoring).isFalse();
            assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
        }
    }
}
