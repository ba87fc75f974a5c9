package io.offlinesync.projector.projection;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.ManagedStreams;
import io.offlinesync.streams.StreamsSettings;
import io.offlinesync.streams.ThreadReplacements;
import io.offlinesync.streams.projections.ProjectionControl;
import io.offlinesync.testing.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The fold marker on a real broker, under exactly_once_v2. {@link KafkaEventsPartitionReader} reads a partition
 * of todo.events from an offset up to an application's committed offset, past commit markers and aborted
 * records. A projection that folded and committed every entry but never flushed (the flush an hour away) is
 * closed, its dirty lists dropped; a new one on the same state directory and application id reads the entries
 * again from its markers and stores every list whole, each folded once, although its first read fails (its
 * stream thread is replaced and reads again). A replay is caught up only once its stored states are, not its offsets.
 */
class FoldMarkerBrokerTest {

    private static final PlainAvroSerde<io.offlinesync.schemas.avro.LogEntry> ENTRIES =
            new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class);
    private static final PlainAvroSerde<ListState> STATES = new PlainAvroSerde<>(ListState.class);
    /** Partitions 0 and 1 are the projection's, 2 the reader's alone. */
    private static final int PARTITIONS = 3;
    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start(1, new NewTopic(Topics.EVENTS, PARTITIONS, (short) 1),
                new NewTopic(Topics.LISTS_V1, PARTITIONS, (short) 1));
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void theReaderReadsFromAnOffsetUpToTheCommittedOneSkippingMarkersAndAbortedRecords() throws Exception {
        TopicPartition events = new TopicPartition(Topics.EVENTS, 2);
        try (KafkaProducer<byte[], byte[]> producer = producer("reader-test")) {
            producer.initTransactions();
            List<Long> offsets = new ArrayList<>();
            offsets.addAll(transaction(producer, 2, "r", 1, 3, true));   // 0-2, commit marker at 3
            offsets.addAll(transaction(producer, 2, "r", 4, 4, false));  // 4 aborted, abort marker at 5
            offsets.addAll(transaction(producer, 2, "r", 4, 6, true));   // 6-8, commit marker at 9
            assertThat(offsets).containsExactly(0L, 1L, 2L, 4L, 6L, 7L, 8L);
        }
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets("reader-app", Map.of(events, new OffsetAndMetadata(8))).all().get();
        }
        KafkaEventsPartitionReader reader = new KafkaEventsPartitionReader(Duration.ofSeconds(20));
        Map<String, Object> appConfigs = Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());

        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        assertThat(reader.read("reader-app", appConfigs, 2, 1, read::add)).isEqualTo(4);
        assertThat(read).extracting(ConsumerRecord::offset).containsExactly(1L, 2L, 6L, 7L);
        assertThat(read).extracting(r -> ENTRIES.deserializer().deserialize(Topics.EVENTS, r.value()).getListVersion())
                .containsExactly(2L, 3L, 4L, 5L);
        assertThat(new String(read.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("r");

        assertThat(reader.read("reader-app", appConfigs, 2, 8, r -> read.add(r)))
                .as("from the committed offset: nothing").isZero();
        assertThat(reader.read("no-such-app", appConfigs, 2, 0, r -> read.add(r)))
                .as("nothing committed: nothing").isZero();
        assertThat(read).hasSize(4);
        try (Admin admin = admin()) {
            assertThat(admin.listConsumerGroupOffsets("reader-app").partitionsToOffsetAndMetadata().get())
                    .as("the reader never commits").containsExactly(Map.entry(events, new OffsetAndMetadata(8)));
        }
    }

    @Test
    void theReaderThrowsARetriableErrorWhenNoBrokerAnswers() {
        KafkaEventsPartitionReader reader = new KafkaEventsPartitionReader(Duration.ofSeconds(2));
        long start = System.nanoTime();
        assertThatThrownBy(() -> reader.read("away-app",
                Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"), 0, 0, r -> { }))
                .isInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void theReadersSettingsAreTheApplicationsWithoutItsGroupMembership() {
        Map<String, Object> app = new HashMap<>();
        app.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("b1:9092", "b2:9092"));
        app.put(StreamsConfig.APPLICATION_ID_CONFIG, "todo-projection-v1");
        app.put("security.protocol", "SASL_SSL");
        app.put("sasl.mechanism", "PLAIN");
        app.put("consumer.ssl.truststore.location", "/etc/trust.jks");
        app.put("consumer.group.instance.id", "static-1");
        app.put("consumer.auto.offset.reset", "earliest");
        app.put("consumer.internal.leave.group.on.close", true);
        app.put("producer.linger.ms", 5);
        app.put(StreamsConfig.CLIENT_ID_CONFIG, "");

        Map<String, Object> config = KafkaEventsPartitionReader.consumerConfig(app, "todo-projection-v1", "reread-0");

        assertThat(config).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("b1:9092", "b2:9092"))
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.location", "/etc/trust.jks")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "todo-projection-v1")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "reread-0")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none")
                .doesNotContainKeys(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, StreamsConfig.APPLICATION_ID_CONFIG,
                        "linger.ms", "producer.linger.ms", "consumer.ssl.truststore.location");
    }

    @Test
    void aProjectionClosedBeforeItsFlushStoresEveryListWholeAfterItsRestart() throws Exception {
        ProjectionTarget v1 = ProjectionTarget.live("v1");
        int lists = 6;
        int entriesPerList = 40;
        Map<Integer, Long> lastOffsets = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer("restart-test")) {
            producer.initTransactions();
            // batches of 5 entries of one list, lists interleaved, one transaction each (as the sequencer writes)
            for (int from = 1; from <= entriesPerList; from += 5) {
                for (int l = 0; l < lists; l++) {
                    List<Long> offsets = transaction(producer, l % 2, "list-" + l, from, from + 4, true);
                    lastOffsets.merge(l % 2, offsets.getLast(), Math::max);
                }
            }
        }

        Properties props = new StreamsSettings(broker.getBrokersAsString(), v1.applicationId(), stateDir.toString(), true,
                Duration.ofMillis(100), 1, null).toProperties();
        FoldTuning never = new FoldTuning(Duration.ofHours(1), Long.MAX_VALUE, 1000);
        try (ManagedStreams first = new ManagedStreams("fold-first", ProjectionTopology.build(v1, ValueSerdes.plain(),
                never, ProjectionMeters.unregistered("v1")), props, null)) {
            first.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> committedPast(v1.applicationId(), lastOffsets));
            try (Admin admin = admin()) {
                assertThat(endOffsets(admin, Topics.LISTS_V1)).as("nothing flushed").allMatch(end -> end == 0);
            }
        } // closing writes nothing: the dirty lists are dropped, their markers committed

        Map<Integer, Long> readsFrom = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        KafkaEventsPartitionReader kafka = new KafkaEventsPartitionReader(Duration.ofSeconds(20));
        EventsPartitionReader failsOnce = (application, configs, partition, from, each) -> {
            if (calls.getAndIncrement() == 0) {
                throw new TimeoutException("the broker is away, once");
            }
            readsFrom.put(partition, from);
            return kafka.read(application, configs, partition, from, each);
        };
        try (ManagedStreams next = new ManagedStreams("fold-next", ProjectionTopology.build(v1, ValueSerdes.plain(),
                new FoldTuning(Duration.ofMillis(100), 5_000, 5_000), ProjectionMeters.unregistered("v1"), failsOnce),
                props, null, new ThreadReplacements(2, Duration.ofMinutes(10), Duration.ofMillis(100), Clock.systemUTC()))) {
            next.start();
            Map<String, List<ListState>> states = new HashMap<>();
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                List<TopicPartition> output = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    output.add(new TopicPartition(Topics.LISTS_V1, p));
                }
                consumer.assign(output);
                consumer.seekToBeginning(output);
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    collect(consumer.poll(Duration.ofMillis(200)), states);
                    return states.keySet().stream().filter(id -> id.startsWith("list-")).count() == lists;
                });
                collect(consumer.poll(Duration.ofSeconds(1)), states); // anything emitted twice would be here by now
            }
            states.keySet().removeIf(id -> !id.startsWith("list-")); // the reader test's list, on partition 2
            assertThat(states).hasSize(lists).allSatisfy((listId, emitted) -> {
                assertThat(emitted).as("%s: one flush after the restart", listId).hasSize(1);
                ListState state = emitted.getFirst();
                assertThat(state.getListVersion()).as(listId).isEqualTo(entriesPerList);
                assertThat(state.getFoldedEntries()).as("%s: each entry folded once", listId).isEqualTo(entriesPerList);
                assertThat(state.getItems()).as(listId).hasSize(entriesPerList - 1);
            });
            assertThat(next.replacedThreads()).as("the failed read failed the thread, which was replaced").isEqualTo(1);
            assertThat(next.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(readsFrom).as("each partition from its first entry: nothing was ever flushed")
                    .containsEntry(0, 0L).containsEntry(1, 0L);
        }
    }

    /**
     * A replay's "caught up" (ReplayCommand): committed offsets at the end of todo.events are not enough, since the
     * fold commits entries before the flush that stores their lists. First run: it folds and commits every entry and
     * never flushes; its offsets are caught up, its tasks still hold unstored entries and its topic is empty. Second
     * run (the flush at 100 ms): its offsets are caught up from the start; it is caught up once nothing is unstored,
     * and closed right then, its topic holds every list whole.
     */
    @Test
    void aReplayIsCaughtUpOnlyOnceItsTasksHoldNoUnstoredEntries() throws Exception {
        ProjectionTarget copy = new ProjectionTarget(ProjectionTarget.live("v1").projection(), "caughtup");
        int lists = 4;
        int entriesPerList = 10;
        try (KafkaProducer<byte[], byte[]> producer = producer("caught-up-test")) {
            producer.initTransactions();
            for (int l = 0; l < lists; l++) {
                transaction(producer, l % 2, "caught-" + l, 1, entriesPerList, true);
            }
        }
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(copy.topic(), PARTITIONS, (short) 1))).all().get();
        }
        Properties props = new StreamsSettings(broker.getBrokersAsString(), copy.applicationId(), stateDir.toString(),
                true, Duration.ofMillis(100), 1, null).toProperties();
        try (ProjectionControl control = new ProjectionControl(KafkaClients.of(broker.getBrokersAsString()))) {
            ProjectionMeters first = ProjectionMeters.unregistered(copy.name());
            try (ManagedStreams replay = new ManagedStreams("caught-up-first", ProjectionTopology.build(copy,
                    ValueSerdes.plain(), new FoldTuning(Duration.ofHours(1), Long.MAX_VALUE, 1000), first), props, null)) {
                replay.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> control.lag(copy.name()).caughtUp());
                assertThat(first.tasksWithUnstoredEntries()).as("offsets caught up, states not").isPositive();
                try (Admin admin = admin()) {
                    assertThat(endOffsets(admin, copy.topic())).as("nothing stored").allMatch(end -> end == 0);
                }
            }
            assertThat(first.tasksWithUnstoredEntries()).as("closed tasks hold nothing here").isZero();

            ProjectionMeters next = ProjectionMeters.unregistered(copy.name());
            try (ManagedStreams replay = new ManagedStreams("caught-up-next", ProjectionTopology.build(copy,
                    ValueSerdes.plain(), new ReplayTuning(1, Duration.ofMillis(100)).fold(), next), props, null)) {
                replay.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> control.lag(copy.name()).caughtUp()
                        && next.tasksWithUnstoredEntries() == 0 && replay.state() == KafkaStreams.State.RUNNING);
            } // closed at once, as `replay` does once caught up: the close commits what the flush stored
        }
        Map<String, List<ListState>> states = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> output = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                output.add(new TopicPartition(copy.topic(), p));
            }
            consumer.assign(output);
            consumer.seekToBeginning(output);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                collect(consumer.poll(Duration.ofMillis(200)), states);
                return output.stream().allMatch(tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp));
            });
        }
        states.keySet().removeIf(id -> !id.startsWith("caught-"));
        assertThat(states).as("every list, stored before the close").hasSize(lists).allSatisfy((listId, emitted) ->
                assertThat(emitted.getLast().getListVersion()).as(listId).isEqualTo(entriesPerList));
    }

    private static void collect(Iterable<ConsumerRecord<byte[], byte[]>> records, Map<String, List<ListState>> states) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            states.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(STATES.deserializer().deserialize(Topics.LISTS_V1, r.value()));
        }
    }

    /** Entries {@code from..to} of {@code listId} in one transaction on {@code partition}; their offsets. */
    private static List<Long> transaction(KafkaProducer<byte[], byte[]> producer, int partition, String listId,
                                          int from, int to, boolean commit) throws Exception {
        producer.beginTransaction();
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
        for (int v = from; v <= to; v++) {
            LogEntry entry = accepted(v, "ann", v, 1000L + v, v == 1 ? created(listId) : added("i" + v, "Item " + v));
            sent.add(producer.send(new ProducerRecord<>(Topics.EVENTS, partition, listId.getBytes(StandardCharsets.UTF_8),
                    ENTRIES.serializer().serialize(Topics.EVENTS, EventCodec.toAvro(listId, entry)))));
        }
        producer.flush();
        List<Long> offsets = new ArrayList<>();
        for (var f : sent) {
            offsets.add(f.get().offset());
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
        return offsets;
    }

    private static boolean committedPast(String group, Map<Integer, Long> lastOffsets) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return lastOffsets.entrySet().stream().allMatch(last -> {
                OffsetAndMetadata offset = committed.get(new TopicPartition(Topics.EVENTS, last.getKey()));
                return offset != null && offset.offset() > last.getValue();
            });
        }
    }

    private static List<Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().values().stream().map(r -> r.offset()).toList();
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
    }

    private static KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
