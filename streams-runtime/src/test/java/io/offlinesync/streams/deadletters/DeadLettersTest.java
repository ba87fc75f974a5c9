package io.offlinesync.streams.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.offlinesync.streams.ManagedStreams;
import io.offlinesync.streams.StreamsApplications;
import io.offlinesync.streams.StreamsHealthIndicator;
import io.offlinesync.streams.StreamsSettings;
import io.offlinesync.streams.ThreadReplacements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;
import io.offlinesync.testing.EmbeddedBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * On a real broker, under exactly_once_v2: a record that cannot be deserialized, one whose processing
 * throws and one whose output cannot be serialized each go to the dead-letter topic with their origin,
 * the records after them on the same partition are processed, each is counted, and health says DEGRADED
 * for the window, then UP. A dead letter that cannot be written stops the thread instead; a thread that fails
 * for a passing reason is replaced and goes on from its last commit.
 */
class DeadLettersTest {

    private static final String DEAD_LETTERS = "test.deadletters";
    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(1);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic("dl-input", 1, (short) 1), new NewTopic("dl-output", 1, (short) 1),
                    new NewTopic("dl-input-2", 1, (short) 1), new NewTopic("dl-input-3", 1, (short) 1),
                    new NewTopic("dl-output-3", 1, (short) 1), new NewTopic(DEAD_LETTERS, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndThePartitionGoesOn() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SettableClock clock = new SettableClock(Instant.parse("2026-12-04T12:00:00Z"));
        Properties props = settings("dl-app", "dl-input");
        DeadLetters deadLetters = new DeadLetters("dl-app", new KafkaProducer<>(producerConfig()), meters,
                new DeadLetterProperties(DEAD_LETTERS, Duration.ofMinutes(15), Duration.ofSeconds(10)), clock);
        try (ManagedStreams streams = new ManagedStreams("dl", topology("dl-input"), props, deadLetters)) {
            StreamsHealthIndicator health = new StreamsHealthIndicator(new StreamsApplications(List.of(streams)));
            streams.start();
            // 1, not an integer, 2, 13 (processing throws), 3, 7 (cannot be serialized), 4
            send("dl-input", List.of(integer(1), "poison".getBytes(StandardCharsets.UTF_8), integer(2), integer(13),
                    integer(3), integer(7), integer(4)));

            List<ConsumerRecord<byte[], byte[]>> output = readAtLeast("dl-output", 4);
            assertThat(output).extracting(r -> java.nio.ByteBuffer.wrap(r.value()).getInt()).containsExactly(1, 2, 3, 4);

            List<DeadLetter> letters = readAtLeast(DEAD_LETTERS, 3).stream()
                    .map(r -> DeadLetter.from(r).orElseThrow()).toList();
            assertThat(letters).extracting(DeadLetter::stage).containsExactly(DeadLetterStage.DESERIALIZATION,
                    DeadLetterStage.PROCESSING, DeadLetterStage.PRODUCTION);
            assertThat(letters).extracting(DeadLetter::offset).containsExactly(1L, 3L, 5L);
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.application()).isEqualTo("dl-app");
                assertThat(letter.topic()).isEqualTo("dl-input");
                assertThat(letter.partition()).isZero();
                assertThat(letter.timestamp()).isPositive();
                assertThat(letter.failedAt()).isEqualTo(clock.instant());
                assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("list-a");
                assertThat(letter.headers()).extracting(h -> h.key()).contains("trace");
            });
            assertThat(letters.get(0).value()).isEqualTo("poison".getBytes(StandardCharsets.UTF_8));
            assertThat(letters.get(0).errorClass()).isEqualTo(SerializationException.class.getName());
            assertThat(letters.get(1).value()).isEqualTo(integer(13));
            assertThat(letters.get(1).errorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(letters.get(1).errorMessage()).isEqualTo("unlucky 13");
            assertThat(letters.get(1).node()).isEqualTo("unlucky-thirteen");
            assertThat(letters.get(2).value()).isEqualTo(integer(7));
            assertThat(letters.get(2).node()).endsWith("-> dl-output");

            for (String stage : List.of("deserialization", "processing", "production")) {
                assertThat(meters.get("sync.deadletters").tag("application", "dl-app").tag("stage", stage)
                        .counter().count()).as(stage).isEqualTo(1.0);
            }
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            var degraded = health.health();
            assertThat(degraded.getStatus()).isEqualTo(StreamsHealthIndicator.DEGRADED);
            assertThat(degraded.getDetails()).containsKey("lastDeadLetter");
            assertThat(degraded.getDetails().get("lastDeadLetter").toString())
                    .contains("production", "dl-input-0@5");

            clock.advance(Duration.ofMinutes(16));
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    /**
     * A passing failure (a retriable cause: the broker or the registry away) is not the record's fault: it is
     * not dead-lettered, its thread fails, and a new thread reads the record again from the last commit. Every
     * record comes out once (exactly-once: the failed thread's transaction is aborted) and the client runs on.
     */
    @Test
    void aThreadThatFailsForAPassingReasonIsReplacedAndLosesAndDoublesNothing() throws Exception {
        Properties props = settings("dl-app-3", "dl-input-3");
        DeadLetters deadLetters = new DeadLetters("dl-app-3", new KafkaProducer<>(producerConfig()),
                new SimpleMeterRegistry(), new DeadLetterProperties(DEAD_LETTERS, Duration.ofMinutes(15),
                Duration.ofSeconds(10)), Clock.systemUTC());
        java.util.concurrent.atomic.AtomicInteger passingFailures = new java.util.concurrent.atomic.AtomicInteger();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("dl-input-3", Consumed.with(Serdes.String(), Serdes.Integer()))
                .mapValues(value -> {
                    if (value == 3 && passingFailures.getAndIncrement() == 0) {
                        throw new org.apache.kafka.common.errors.TimeoutException("the broker is away, once");
                    }
                    return value;
                })
                .to("dl-output-3", Produced.with(Serdes.String(), Serdes.Integer()));
        try (ManagedStreams streams = new ManagedStreams("dl-3", builder.build(), props, deadLetters,
                new ThreadReplacements(2, Duration.ofMinutes(10), Duration.ofMillis(100), Clock.systemUTC()))) {
            StreamsHealthIndicator health = new StreamsHealthIndicator(new StreamsApplications(List.of(streams)));
            streams.start();
            send("dl-input-3", List.of(integer(1), integer(2), integer(3), integer(4), integer(5)));

            List<ConsumerRecord<byte[], byte[]>> output = readAtLeast("dl-output-3", 5);
            assertThat(output).extracting(r -> java.nio.ByteBuffer.wrap(r.value()).getInt())
                    .containsExactly(1, 2, 3, 4, 5);
            assertThat(streams.replacedThreads()).isEqualTo(1);
            assertThat(streams.lastReplaced()).hasStackTraceContaining("the broker is away, once");
            assertThat(streams.failure()).isNull();
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails().get("dl-3").toString()).contains("1 failed thread(s) replaced");
            assertThat(deadLetters.recent()).isEmpty();
        }
    }

    @Test
    void aDeadLetterThatCannotBeWrittenStopsTheThreadInsteadOfSkippingTheRecord() throws Exception {
        Properties props = settings("dl-app-2", "dl-input-2");
        // an illegal topic name: every write of a dead letter fails at once
        DeadLetters deadLetters = new DeadLetters("dl-app-2", new KafkaProducer<>(producerConfig()),
                new SimpleMeterRegistry(), new DeadLetterProperties("not a topic!", Duration.ofMinutes(15),
                Duration.ofSeconds(2)), Clock.systemUTC());
        // one replacement, which fails on the same record again; then the client stops
        try (ManagedStreams streams = new ManagedStreams("dl-2", topology("dl-input-2"), props, deadLetters,
                new ThreadReplacements(1, Duration.ofMinutes(10), Duration.ofMillis(100), Clock.systemUTC()))) {
            StreamsHealthIndicator health = new StreamsHealthIndicator(new StreamsApplications(List.of(streams)));
            streams.start();
            send("dl-input-2", List.of(integer(13)));
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.failure() != null);
            // the failure is recorded by the thread's handler a moment before Kafka Streams leaves RUNNING
            await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.DOWN));
            // the thread stops on the record itself (offset 0), which stays uncommitted for the next start
            assertThat(streams.failure()).hasStackTraceContaining("offset=0").hasStackTraceContaining("unlucky 13");
            assertThat(streams.replacedThreads()).isEqualTo(1);
            assertThat(deadLetters.recent()).isEmpty();
        }
    }

    private Properties settings(String applicationId, String input) {
        return new StreamsSettings(broker.getBrokersAsString(), applicationId, stateDir.resolve(input).toString(), true,
                Duration.ofMillis(100), 1, null).toProperties();
    }

    /** Integers in, integers out; 13 throws while processing, 7 cannot be serialized on the way out. */
    private static Topology topology(String input) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.Integer()))
                .mapValues(value -> {
                    if (value == 13) {
                        throw new IllegalStateException("unlucky 13");
                    }
                    return value;
                }, Named.as("unlucky-thirteen"))
                .to("dl-output", Produced.with(Serdes.String(), noSevens()));
        return builder.build();
    }

    private static Serde<Integer> noSevens() {
        Serializer<Integer> serializer = (topic, value) -> {
            if (value == 7) {
                throw new SerializationException("7 cannot be written");
            }
            return new IntegerSerializer().serialize(topic, value);
        };
        return Serdes.serdeFrom(serializer, Serdes.Integer().deserializer());
    }

    private static byte[] integer(int value) {
        return new IntegerSerializer().serialize("", value);
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
    }

    private static void send(String topic, List<byte[]> values) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            for (byte[] value : values) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0,
                        "list-a".getBytes(StandardCharsets.UTF_8), value);
                record.headers().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAtLeast(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }

    /** A clock the test moves, to see the DEGRADED window end. */
    private static final class SettableClock extends Clock {

        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
