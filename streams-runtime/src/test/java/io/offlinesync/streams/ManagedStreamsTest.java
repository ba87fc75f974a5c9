package io.offlinesync.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.offlinesync.testing.EmbeddedBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * What {@link ManagedStreams} relies on Spring Kafka's StreamsBuilderFactoryBean for: close leaves the consumer
 * group at once (not after the session timeout), a failing stream thread is replaced within the budget and then
 * the client stops, and Kafka Streams' metrics are bound tagged with the application while it runs.
 */
class ManagedStreamsTest {

    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(1);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("managed-input", 1, (short) 1),
                    new NewTopic("failing-input", 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    private static Admin admin() {
        return Admin.create(Map.<String, Object>of("bootstrap.servers", broker.getBrokersAsString()));
    }

    private Properties settings(String applicationId) {
        Properties props = new StreamsSettings(broker.getBrokersAsString(), applicationId,
                stateDir.resolve(applicationId).toString(), false, Duration.ofMillis(100), 1, null).toProperties();
        // a session far longer than the test's deadline: only leaving the group empties it in time
        props.put("session.timeout.ms", 60_000);
        return props;
    }

    private static int members(Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
    }

    @Test
    void closeLeavesTheGroupAtOnceAndUnbindsItsMetrics() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("managed-input", Consumed.with(Serdes.String(), Serdes.String())).foreach((k, v) -> { });
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ManagedStreams streams = new ManagedStreams("managed", builder.build(), settings("managed-test"), null)
                .withMetrics(meters);
        assertThat(streams.state()).isEqualTo(State.CREATED);
        try (Admin admin = admin()) {
            streams.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.state() == State.RUNNING);
            await().atMost(Duration.ofSeconds(10)).until(() -> members(admin, "managed-test") == 1);
            assertThat(meters.getMeters()).anyMatch(meter -> meter.getId().getName().startsWith("kafka.stream")
                    && "managed".equals(meter.getId().getTag("application")));

            streams.close();
            assertThat(streams.state()).isEqualTo(State.NOT_RUNNING);
            assertThat(streams.status().live()).as("closed on purpose: still live").isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(streams::streams)
                    .isInstanceOf(InvalidStateStoreException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> members(admin, "managed-test") == 0);
            assertThat(meters.getMeters()).noneMatch(meter -> "managed".equals(meter.getId().getTag("application")));
        }
    }

    @Test
    void aFailingThreadIsReplacedWithinTheBudgetThenTheClientStops() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("failing-input", Consumed.with(Serdes.String(), Serdes.String())).foreach((k, v) -> {
            throw new IllegalStateException("cannot process " + v);
        });
        try (ManagedStreams streams = new ManagedStreams("failing", builder.build(), settings("failing-test"), null,
                new ThreadReplacements(2, Duration.ofMinutes(10), Duration.ofMillis(50), Clock.systemUTC()))) {
            streams.start();
            Properties producerProps = new Properties();
            producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("failing-input", "k", "poison")).get();
            }
            // the failed threads end with their exception: not the test's failure
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).until(() -> streams.failure() != null);
            assertThat(streams.replacedThreads()).isEqualTo(2);
            assertThat(streams.lastReplaced()).hasStackTraceContaining("cannot process poison");
            assertThat(streams.failure()).hasStackTraceContaining("cannot process poison");
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> streams.state() == State.ERROR);
            assertThat(streams.status().live()).isFalse();
        }
    }
}
