package io.offlinesync.projector.sequencer;

import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.event;
import static org.awaitility.Awaitility.await;

import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.streams.ManagedStreams;
import io.offlinesync.streams.StreamsSettings;
import io.offlinesync.testing.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Early commits on a real broker under exactly_once_v2, with a 30 s commit interval: an inbox record the gateway
 * just wrote is readable in todo.events (read_committed) within seconds; one written a minute ago waits for the
 * interval or for the next young record's commit, which then carries it too; a young record that comes within the
 * gap after an early commit is readable once the gap has passed, not at the interval.
 */
class EarlyCommitBrokerTest {

    private static final PlainAvroSerde<InboxBatch> BATCHES = new PlainAvroSerde<>(InboxBatch.class);
    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(1, new NewTopic(Topics.INBOX, 1, (short) 1),
                new NewTopic(Topics.EVENTS, 1, (short) 1), new NewTopic(Topics.MEMBERS, 1, (short) 1));
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    /** Long enough that any commit a test sees within seconds is an early one. */
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    /** A sequencer with the 30 s interval and {@code early}, not started. */
    private ManagedStreams sequencer(String applicationId, EarlyCommit early) {
        Properties props = new StreamsSettings(broker.getBrokersAsString(), applicationId, stateDir.toString(), true,
                INTERVAL, 1, null).toProperties();
        // a transaction may stay open for the whole interval (Streams refuses a timeout shorter than it)
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
        return new ManagedStreams("sequencer", SequencerTopology.build(ValueSerdes.plain(), SequencerCounts.NONE,
                io.offlinesync.domain.ListLimits.DEFAULTS, early), props, null);
    }

    @Test
    void aYoungRecordIsReadableAtOnceAnOldOneWaitsForTheNextCommit() {
        Set<String> readable = ConcurrentHashMap.newKeySet();
        try (ManagedStreams sequencer = sequencer(SequencerTopology.APPLICATION_ID, EarlyCommit.within(INTERVAL));
             KafkaProducer<byte[], byte[]> producer = producer();
             KafkaConsumer<byte[], byte[]> events = committedEvents()) {
            sequencer.start();
            events.subscribe(List.of(Topics.EVENTS));

            push(producer, "young", System.currentTimeMillis());
            await().atMost(Duration.ofSeconds(15)).until(() -> read(events, readable).contains("young"));

            push(producer, "old", System.currentTimeMillis() - 60_000); // a backlog's record
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> !read(events, readable).contains("old"));

            push(producer, "next", System.currentTimeMillis());
            await().atMost(Duration.ofSeconds(15)).until(() -> read(events, readable).containsAll(Set.of("old", "next")));
        }
    }

    @Test
    void aYoungRecordWithinTheGapIsReadableOnceTheGapHasPassedNotAtTheInterval() {
        Set<String> readable = ConcurrentHashMap.newKeySet();
        // a 2 s gap: the second record comes well within it
        try (ManagedStreams sequencer = sequencer(SequencerTopology.APPLICATION_ID + "-gap",
                new EarlyCommit(INTERVAL, Duration.ofSeconds(2)));
             KafkaProducer<byte[], byte[]> producer = producer();
             KafkaConsumer<byte[], byte[]> events = committedEvents()) {
            sequencer.start();
            events.subscribe(List.of(Topics.EVENTS));

            push(producer, "first", System.currentTimeMillis());
            await().atMost(Duration.ofSeconds(15)).until(() -> read(events, readable).contains("first"));

            push(producer, "within-gap", System.currentTimeMillis());
            // committed by the thread's punctuation once the gap has passed; without it, at the 30 s interval
            await().atMost(Duration.ofSeconds(10)).until(() -> read(events, readable).contains("within-gap"));
        }
    }

    private static void push(KafkaProducer<byte[], byte[]> producer, String listId, long timestamp) {
        InboxBatch batch = new InboxBatch(listId, "ann-phone", timestamp,
                List.of(EventCodec.toAvro(event(1, timestamp, created("List " + listId)))), null);
        producer.send(new ProducerRecord<>(Topics.INBOX, 0, timestamp, listId.getBytes(StandardCharsets.UTF_8),
                BATCHES.serializer().serialize(Topics.INBOX, batch)));
        producer.flush();
    }

    /** The list ids of the entries readable so far, polled once more. */
    private static Set<String> read(KafkaConsumer<byte[], byte[]> events, Set<String> readable) {
        events.poll(Duration.ofMillis(200)).forEach(r -> readable.add(new String(r.key(), StandardCharsets.UTF_8)));
        return readable;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private static KafkaConsumer<byte[], byte[]> committedEvents() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "early-commit-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
