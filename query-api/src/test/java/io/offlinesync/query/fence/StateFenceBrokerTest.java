package io.offlinesync.query.fence;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.TodoList;
import io.offlinesync.query.QueryTopology;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.query.cluster.ReadTarget;
import io.offlinesync.query.state.ListStateQuery;
import io.offlinesync.query.state.ServedState;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import io.offlinesync.streams.ManagedStreams;
import io.offlinesync.streams.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.offlinesync.testing.EmbeddedBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The query-api's topology on a real KRaft broker and a real Kafka Streams client, committing once an hour, its
 * default record cache on: a state read waiting for a read-your-writes fence is woken by the todo.lists.v1 record
 * itself (not by a commit, which flushes a cached table, nor by a re-check, which this read never does), and the
 * list-state store still reads todo.lists.v1 as its changelog.
 */
class StateFenceBrokerTest {

    private static final PlainAvroSerde<ListState> STATES = new PlainAvroSerde<>(ListState.class);
    private static final String LIST = "groceries";

    private static EmbeddedKafkaKraftBroker broker;
    private static ManagedStreams streams;
    private static final ListStateWatch WATCH = new ListStateWatch();

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start(1);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(Topics.EVENTS, 1, (short) 1),
                    new NewTopic(Topics.LISTS_V1, 1, (short) 1))).all().get();
        }
        Properties props = new StreamsSettings(broker.getBrokersAsString(), QueryTopology.APPLICATION_ID,
                stateDir.toString(), false, Duration.ofHours(1), 1, null).toProperties();
        props.putAll(QueryTopology.optimization());
        streams = new ManagedStreams("query-api-fence-test", QueryTopology.build(ValueSerdes.plain(),
                new HeadWatch(), WATCH, List.of("v1")), props, null);
        streams.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    static void stop() {
        if (streams != null) {
            streams.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
    }

    @Test
    void aFencedStateReadIsWokenByTheListsRecordItselfWithNoCommitAndNoRecheck() throws Exception {
        ListStateQuery states = new ListStateQuery(List.of("v1"), ValueSerdes.plain(), WATCH, Duration.ofHours(1),
                projection -> target -> streams.streams().store(target.parameters(QueryTopology.listsStore(projection),
                        QueryableStoreTypes.<String, byte[]>keyValueStore()))).at(ReadTarget.EVERY_LOCAL_PARTITION);
        Fence fence = new Fence("bob-phone", 1);
        CompletableFuture<Optional<ServedState>> read = CompletableFuture.supplyAsync(() -> {
            try {
                return states.read(LIST, "v1", fence, 60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> WATCH.waiting("v1", LIST) == 1);
        assertThat(read).isNotDone();

        List<LogEntry> log = new ArrayList<>(List.of(accepted(1, "ann-phone", "ann", 1, 1000, created("Groceries"))));
        send(log);
        // the list's state moves, the fence not yet: the read looks and waits on
        await().atMost(Duration.ofSeconds(30)).until(() -> states.read(LIST, "v1").isPresent()
                && WATCH.waiting("v1", LIST) == 1);
        assertThat(read).isNotDone();

        log.add(accepted(2, "bob-phone", "bob", 1, 1001, added("eggs", "Eggs")));
        send(log);

        ServedState state = read.get(30, TimeUnit.SECONDS).orElseThrow();
        assertThat(state.facts().clientSeqs()).containsEntry("bob-phone", 1L);
        assertThat(state.facts().listVersion()).isEqualTo(2);
        assertThat(WATCH.waiting("v1", LIST)).isZero();

        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get()).as("todo.lists.v1 is the store's changelog")
                    .noneMatch(name -> name.contains("lists-v1"));
        }
    }

    /** The state {@code log} folds to, as projection v1 writes it to todo.lists.v1. */
    private static void send(List<LogEntry> log) throws Exception {
        SourcePosition position = new SourcePosition(Topics.EVENTS, 0, log.size() - 1L);
        ListState state = ListStateCodec.toAvro(TodoList.fold(LIST, log), position);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            byte[] value = STATES.serializer().serialize(Topics.LISTS_V1, state);
            producer.send(new ProducerRecord<>(Topics.LISTS_V1, LIST, value)).get(30, TimeUnit.SECONDS);
        }
    }
}
