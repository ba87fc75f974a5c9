package io.offlinesync.query.web;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.domain.TodoList;
import io.offlinesync.query.catchup.CatchUpMeters;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.EventIndexTopology;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.query.catchup.LongPollLimits;
import io.offlinesync.query.ReadLimits;
import io.offlinesync.query.conflicts.ConflictQuery;
import io.offlinesync.query.state.ActiveProjectionQuery;
import io.offlinesync.query.state.ListStateQuery;
import io.offlinesync.streams.projections.ActiveProjection;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import io.offlinesync.query.cluster.ReadContext;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The query-api's real controllers, problem handler and queries over the stores of the real
 * {@link EventIndexTopology} on a TopologyTestDriver, served by MockMvc. Holds two lists:
 * {@value #LIST} (lww, with item {@value #ITEM}, folded into the list-state store too) and
 * {@value #REJECTED_ONLY} (a log of one rejection: catch-up answers, state does not).
 */
final class QueryApiFixture implements AutoCloseable {

    static final String LIST = "groceries";
    static final String ITEM = "milk";
    static final String REJECTED_ONLY = "rejected-only";

    final TopologyTestDriver driver;
    private final Path stateDir;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MockMvc mvc;
    /** Who belongs to which list, as the services' view of todo.members would say. */
    final io.offlinesync.access.membership.InMemoryMembershipView members = new io.offlinesync.access.membership.InMemoryMembershipView();
    final LongPollLimits longPolls;
    private final TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events;
    private final TestInputTopic<String, ListState> lists;
    private final TestInputTopic<String, ListState> listsV2;
    private final AtomicReference<ActiveProjection> active = new AtomicReference<>(ActiveProjection.DEFAULT);
    private final List<LogEntry> log = new ArrayList<>();

    /**
     * Whether the stores answer a read of a running active store; false: only a stale read (a standby's
     * or a restoring copy's) gets them, as while this instance restores or rebalances.
     */
    volatile boolean activeQueryable = true;

    QueryApiFixture() {
        this(ListReads::singleInstance);
    }

    /** With the read routing {@code reads} makes (over the fixture's meter registry). */
    QueryApiFixture(Function<SimpleMeterRegistry, ListReads> reads) {
        this(reads, ReadLimits.DEFAULTS);
    }

    /** With the read routing {@code reads} makes and the read bounds {@code limits}. */
    QueryApiFixture(Function<SimpleMeterRegistry, ListReads> reads, ReadLimits limits) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, EventIndexTopology.APPLICATION_ID);
        props.putAll(EventIndexTopology.optimization());
        // a directory of its own: the default /tmp/kafka-streams/<application id> is shared by every build
        // running on this machine, and two drivers in one directory fail to open their stores
        stateDir = createStateDir();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        HeadWatch headWatch = new HeadWatch();
        driver = new TopologyTestDriver(EventIndexTopology.build(ValueSerdes.plain(), headWatch, List.of("v1", "v2")), props);
        events = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class).serializer());
        lists = driver.createInputTopic(Topics.LISTS_V1, Serdes.String().serializer(),
                new PlainAvroSerde<>(ListState.class).serializer());
        listsV2 = driver.createInputTopic(Topics.LISTS_V2, Serdes.String().serializer(),
                new PlainAvroSerde<>(ListState.class).serializer());

        CatchUpQuery catchUp = new CatchUpQuery(() -> store(EventIndexTopology.INDEX_STORE),
                () -> store(EventIndexTopology.HEADS_STORE), headWatch, limits.maxPageBytes());
        ListStateQuery states = new ListStateQuery(List.of("v1", "v2"),
                projection -> () -> store(EventIndexTopology.listsStore(projection)));

        ListReads routing = reads.apply(registry);
        ListReaders readers = new ListReaders(members, new io.offlinesync.access.Callers(new io.offlinesync.access.AccessProperties(
                java.net.URI.create("http://issuer.invalid"), null, null, null, null, null, null)));
        longPolls = new LongPollLimits(limits.maxLongPollsPerUser(), limits.maxLongPolls(), registry);
        mvc = MockMvcBuilders.standaloneSetup(
                        new ListsController(states, new ActiveProjectionQuery(active::get), catchUp, new CatchUpMeters(registry),
                                routing, longPolls, readers),
                        new ConflictsController(new ConflictQuery(catchUp, limits.maxFoldEntries(), limits.maxConcurrentFolds()), routing, readers))
                .setControllerAdvice(new Problems())
                .build();

        append(accepted(1, "ann", 1, 1000, created("Groceries", Policy.LWW)));
        append(accepted(2, "ann", 2, 1001, added(ITEM, "Milk")));
        events.pipeInput(REJECTED_ONLY, EventCodec.toAvro(REJECTED_ONLY,
                new LogEntry.Rejected(1, "bob", 5, "0b9e0000-0000-4000-8000-000000000009", 1,
                        RejectReason.UNKNOWN_LIST, null)));
    }

    /** A store of the driver, refused to a read of a running active store while {@link #activeQueryable} is false. */
    private <K, V> KeyValueStore<K, V> store(String name) {
        ReadContext.Target target = ReadContext.current();
        if (!activeQueryable && target != null && !target.stale()) {
            throw new InvalidStateStoreException("store " + name + " is restoring (test)");
        }
        return driver.getKeyValueStore(name);
    }

    /** Appends to {@value #LIST}'s log and folds it into the list-state store, as the projection would. */
    void append(LogEntry entry) {
        log.add(entry);
        events.pipeInput(LIST, EventCodec.toAvro(LIST, entry));
        SourcePosition position = new SourcePosition(Topics.EVENTS, 0, entry.listVersion() - 1);
        lists.pipeInput(LIST, ListStateCodec.toAvro(TodoList.fold(LIST, log), position));
        listsV2.pipeInput(LIST, ListStateCodec.toAvroV2(TodoList.fold(LIST, log), position));
    }

    /** Sets the active projection, as the todo.projections record would. */
    void activate(ActiveProjection record) {
        active.set(record);
    }

    long head() {
        return log.size();
    }

    private static Path createStateDir() {
        try {
            return Files.createTempDirectory("query-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
        try {
            Utils.delete(stateDir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
