package io.offlinesync.projector.deadletters;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.projector.projection.FoldTuning;
import io.offlinesync.projector.projection.ProjectionMeters;
import io.offlinesync.projector.projection.ProjectionTarget;
import io.offlinesync.projector.projection.ProjectionTopology;
import io.offlinesync.projector.sequencer.SequencerTopology;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.streams.deadletters.DeadLetter;
import io.offlinesync.streams.deadletters.DeadLetterProperties;
import io.offlinesync.streams.deadletters.DeadLetterStage;
import io.offlinesync.streams.deadletters.DeadLetters;
import io.offlinesync.testing.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The platform's own topologies (on TopologyTestDriver) with the dead-letter handlers as the services
 * install them, writing to a real broker: bytes on todo.inbox that are not an InboxBatch, or on todo.events
 * that are not a LogEntry, go to the dead-letter topic with their origin, and the sequencer and the
 * projection go on with the next record of the same list.
 */
class PoisonRecordsTest {

    private static final byte[] POISON = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start(1, new NewTopic("sequencer.deadletters", 1, (short) 1),
                new NewTopic("projection.deadletters", 1, (short) 1));
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void theSequencerDeadLettersABatchItCannotReadAndSequencesTheNextOne() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (DeadLetters deadLetters = deadLetters(SequencerTopology.APPLICATION_ID, "sequencer.deadletters", meters);
             TopologyTestDriver driver = driver(SequencerTopology.build(ValueSerdes.plain()),
                     SequencerTopology.APPLICATION_ID, deadLetters)) {
            TestInputTopic<String, InboxBatch> inbox = driver.createInputTopic(Topics.INBOX,
                    Serdes.String().serializer(), new PlainAvroSerde<>(InboxBatch.class).serializer());
            TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.INBOX, Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            inbox.pipeInput("g", batch("g", event(1, 1000, created("G"))));
            raw.pipeInput("g", POISON);
            inbox.pipeInput("g", batch("g", event(2, 1001, added("milk", "Milk"))));

            List<LogEntry> events = driver.createOutputTopic(Topics.EVENTS, Serdes.String().deserializer(),
                    new PlainAvroSerde<>(LogEntry.class).deserializer()).readValuesToList();
            assertThat(events).extracting(LogEntry::getListVersion).containsExactly(1L, 2L);

            DeadLetter letter = readOne("sequencer.deadletters");
            assertThat(letter.application()).isEqualTo(SequencerTopology.APPLICATION_ID);
            assertThat(letter.stage()).isEqualTo(DeadLetterStage.DESERIALIZATION);
            assertThat(letter.topic()).isEqualTo(Topics.INBOX);
            assertThat(letter.offset()).isEqualTo(1L);
            assertThat(letter.key()).isEqualTo("g".getBytes(StandardCharsets.UTF_8));
            assertThat(letter.value()).isEqualTo(POISON);
            assertThat(meters.get("sync.deadletters").tag("stage", "deserialization").counter().count()).isEqualTo(1.0);
            assertThat(deadLetters.recent()).isPresent();
        }
    }

    @Test
    void aProjectionDeadLettersAnEntryItCannotReadAndFoldsTheNextOne() {
        ProjectionTarget v1 = ProjectionTarget.live("v1");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (DeadLetters deadLetters = deadLetters(v1.applicationId(), "projection.deadletters", meters);
             TopologyTestDriver driver = driver(ProjectionTopology.build(v1, ValueSerdes.plain(),
                     FoldTuning.EVERY_EVENT, ProjectionMeters.unregistered("v1")), v1.applicationId(), deadLetters)) {
            TestInputTopic<String, LogEntry> events = driver.createInputTopic(Topics.EVENTS,
                    Serdes.String().serializer(), new PlainAvroSerde<>(LogEntry.class).serializer());
            TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            events.pipeInput("g", EventCodec.toAvro("g", accepted(1, "ann", 1, 1000, created("Groceries"))));
            raw.pipeInput("g", POISON);
            events.pipeInput("g", EventCodec.toAvro("g", accepted(2, "ann", 2, 1100, added("milk", "Buy milk"))));

            ListState state = driver.createOutputTopic(Topics.LISTS_V1, Serdes.String().deserializer(),
                    new PlainAvroSerde<>(ListState.class).deserializer()).readKeyValuesToMap().get("g");
            assertThat(state.getListVersion()).isEqualTo(2L);
            assertThat(state.getItems()).hasSize(1);

            DeadLetter letter = readOne("projection.deadletters");
            assertThat(letter.application()).isEqualTo(v1.applicationId());
            assertThat(letter.topic()).isEqualTo(Topics.EVENTS);
            assertThat(letter.offset()).isEqualTo(1L);
            assertThat(letter.value()).isEqualTo(POISON);
        }
    }

    private static InboxBatch batch(String listId, ClientEvent... events) {
        return new InboxBatch(listId, "ann", 42L, List.of(events).stream().map(EventCodec::toAvro).toList(), null);
    }

    private TopologyTestDriver driver(Topology topology, String applicationId, DeadLetters deadLetters) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(applicationId).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        return new TopologyTestDriver(topology, deadLetters.install(props));
    }

    private static DeadLetters deadLetters(String application, String topic, SimpleMeterRegistry meters) {
        return new DeadLetters(application, new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)), meters,
                new DeadLetterProperties(topic, Duration.ofMinutes(15), Duration.ofSeconds(10)), Clock.systemUTC());
    }

    private static DeadLetter readOne(String topic) {
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> letters.add(DeadLetter.from(r).orElseThrow()));
                return !letters.isEmpty();
            });
        }
        assertThat(letters).hasSize(1);
        return letters.getFirst();
    }
}
