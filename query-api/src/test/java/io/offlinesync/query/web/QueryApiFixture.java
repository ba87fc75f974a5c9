package io.offlinesync.query.web;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.offlinesync.access.AccessProperties;
import io.offlinesync.access.Callers;
import io.offlinesync.access.membership.InMemoryMembershipView;
import io.offlinesync.access.membership.ListAccess;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.domain.TodoList;
import io.offlinesync.query.QueryTopology;
import io.offlinesync.query.catchup.CatchUpMeters;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.query.catchup.LongPollLimits;
import io.offlinesync.query.ReadLimits;
import io.offlinesync.query.cluster.ListReads;
import io.offlinesync.query.cluster.ReadTarget;
import io.offlinesync.query.conflicts.ConflictQuery;
import io.offlinesync.query.fence.ListStateWatch;
import io.offlinesync.query.state.ActiveProjectionQuery;
import io.offlinesync.query.state.ListStateQuery;
import io.offlinesync.streams.projections.ActiveProjection;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.schemas.projection.StoredProjection;
import org.apache.avro.specific.SpecificRecord;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The query-api's real controllers, problem handler and queries over the stores of the real
 * {@link QueryTopology} on a TopologyTestDriver, served by MockMvc. Holds two lists:
 * {@value #LIST} (lww, with item {@value #ITEM}, folded into the list-state store too) and
 * {@value #REJECTED_ONLY} (a log of one rejection: catch-up answers, state does not).
 *
 * <p>MockMvc runs without the security filters: the caller is the request's principal, as the filters would
 * set it from a verified token ({@link #user}, {@link #operator}). A request that names none is made by
 * {@link #caller}, by default {@value #OWNER}, whom the {@link #members membership view} makes the owner of
 * {@value #LIST} (the only member); {@value #REJECTED_ONLY} has no members (no list was ever created), so only
 * operators read its log.
 */
final class QueryApiFixture implements AutoCloseable {

    static final String LIST = "groceries";
    static final String ITEM = "milk";
    static final String REJECTED_ONLY = "rejected-only";
    /** The default caller, owner of {@value #LIST}. */
    static final String OWNER = "ann";
    /** The scope that makes a caller an operator, as {@link AccessProperties} defaults it. */
    static final String ADMIN_SCOPE = "sync:admin";

    final TopologyTestDriver driver;
    private final Path stateDir;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MockMvc mvc;
    final LongPollLimits longPolls;
    private final TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events;
    /** Each served projection's topic (every installed one: v1, v2 and the example v3), as the projections write them. */
    private final Map<String, TestInputTopic<String, byte[]>> lists = new LinkedHashMap<>();
    private final InstalledProjections installed = InstalledProjections.load();
    private final AtomicReference<ActiveProjection> active = new AtomicReference<>(ActiveProjection.DEFAULT);
    private final Map<String, List<LogEntry>> logs = new LinkedHashMap<>();
    /** Who belongs to which list, as todo.members would say; tests change it at will. */
    final InMemoryMembershipView members = new InMemoryMembershipView();

    /** The caller of a request that names no principal of its own; null: no caller at all. */
    volatile Principal caller = user(OWNER);

    /**
     * Whether the stores answer a read of a running active store; false: only a stale read (a standby's
     * or a restoring copy's) gets them, as while this instance restores or rebalances.
     */
    volatile boolean activeQueryable = true;

    /** The copy every store lookup of the queries named, in order. */
    final List<ReadTarget> readTargets = new java.util.concurrent.CopyOnWriteArrayList<>();

    QueryApiFixture() {
        this(ListReads::singleInstance);
    }

    /** With the read routing {@code reads} makes (over the fixture's meter registry). */
    QueryApiFixture(Function<SimpleMeterRegistry, ListReads> reads) {
        this(reads, ReadLimits.DEFAULTS);
    }

    /** With the read routing {@code reads} makes and the read bounds {@code limits}. */
    QueryApiFixture(Function<SimpleMeterRegistry, ListReads> reads, ReadLimits limits) {
        this(reads, limits, ListStateQuery.RECHECK);
    }

    /**
     * With the read routing {@code reads} makes, the read bounds {@code limits}, and a state read waiting for a fence
     * looking at the state itself every {@code stateRecheck} besides being woken by the topology's state watch.
     */
    QueryApiFixture(Function<SimpleMeterRegistry, ListReads> reads, ReadLimits limits, Duration stateRecheck) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, QueryTopology.APPLICATION_ID);
        props.putAll(QueryTopology.optimization());
        // a directory of its own: the default /tmp/kafka-streams/<application id> is shared by every build
        // running on this machine, and two drivers in one directory fail to open their stores
        stateDir = createStateDir();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        HeadWatch headWatch = new HeadWatch();
        ListStateWatch stateWatch = new ListStateWatch();
        driver = new TopologyTestDriver(QueryTopology.build(ValueSerdes.plain(), headWatch, stateWatch,
                installed.names()), props);
        events = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class).serializer());
        for (String projection : installed.names()) {
            lists.put(projection, driver.createInputTopic(Topics.lists(projection), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer()));
        }

        // as in the application: the queries read only the copy the routing names
        CatchUpQuery catchUp = new CatchUpQuery(target -> store(QueryTopology.INDEX_STORE, target),
                target -> store(QueryTopology.HEADS_STORE, target), headWatch, limits.maxPageBytes());
        ListStateQuery states = new ListStateQuery(installed.names(), ValueSerdes.plain(), stateWatch, stateRecheck,
                projection -> target -> store(QueryTopology.listsStore(projection), target));

        ListReads routing = reads.apply(registry);
        longPolls = new LongPollLimits(limits.maxLongPollsPerUser(), limits.maxLongPolls(), registry);
        Callers callers = new Callers(new AccessProperties(URI.create("http://issuer.invalid"), null, null, null,
                ADMIN_SCOPE, null, null));
        ListReaders readers = new ListReaders(members, callers);
        ActiveProjectionQuery activeQuery = new ActiveProjectionQuery(active::get);
        members.put(LIST, new ListAccess(Map.of(OWNER, ListAccess.OWNER), Map.of("ann", OWNER)));
        mvc = MockMvcBuilders.standaloneSetup(
                        new ListsController(states, activeQuery, catchUp, new CatchUpMeters(registry),
                                routing, longPolls, readers),
                        new ConflictsController(new ConflictQuery(catchUp, limits.maxFoldEntries(), limits.maxConcurrentFolds()),
                                routing, readers),
                        new MyListsController(members, callers, routing, states, activeQuery),
                        new ProjectionsController(states, activeQuery))
                .setControllerAdvice(new ProblemHandler())
                // the caller, unless the request names one
                .defaultRequest(get("/").with(request -> {
                    if (request.getUserPrincipal() == null) {
                        request.setUserPrincipal(caller);
                    }
                    return request;
                }))
                .build();

        append(accepted(1, "ann", 1, 1000, created("Groceries", Policy.LWW)));
        append(accepted(2, "ann", 2, 1001, added(ITEM, "Milk")));
        events.pipeInput(REJECTED_ONLY, EventCodec.toAvro(REJECTED_ONLY,
                new LogEntry.Rejected(1, "bob", 5, "0b9e0000-0000-4000-8000-000000000009", 1,
                        RejectReason.UNKNOWN_LIST, null)));
    }

    /**
     * A store of the driver (which holds every partition), for the copy {@code target} names: refused to a read of
     * one partition's running active store while {@link #activeQueryable} is false. Every target is kept in
     * {@link #readTargets}.
     */
    private <K, V> KeyValueStore<K, V> store(String name, ReadTarget target) {
        readTargets.add(target);
        if (!activeQueryable && !target.equals(ReadTarget.EVERY_LOCAL_PARTITION) && !target.stale()) {
            throw new InvalidStateStoreException("store " + name + " is restoring (test)");
        }
        return driver.getKeyValueStore(name);
    }

    /** Appends to {@value #LIST}'s log and folds it into the list-state store, as the projection would. */
    void append(LogEntry entry) {
        append(LIST, entry);
    }

    /** Appends to {@code listId}'s log and folds it into the list-state stores, as the projections would. */
    void append(String listId, LogEntry entry) {
        List<LogEntry> log = logs.computeIfAbsent(listId, id -> new ArrayList<>());
        log.add(entry);
        events.pipeInput(listId, EventCodec.toAvro(listId, entry));
        SourcePosition position = new SourcePosition(Topics.EVENTS, 0, entry.listVersion() - 1);
        for (StoredProjection<?, ?> projection : installed.all()) {
            lists.get(projection.name()).pipeInput(listId, folded(projection, listId, log, position));
        }
    }

    /** The log folded by {@code stored}'s projection, encoded as its topic holds it. */
    private static <S, R extends SpecificRecord> byte[] folded(StoredProjection<S, R> stored, String listId,
                                                               List<LogEntry> log, SourcePosition position) {
        S state = stored.projection().initial(listId);
        for (LogEntry entry : log) {
            state = stored.projection().apply(state, entry);
        }
        return new PlainAvroSerde<>(stored.recordType()).serializer()
                .serialize(Topics.lists(stored.name()), stored.toRecord(state, position));
    }

    /** A signed-in user, as the security filters make it from a token without the operator scope. */
    static Principal user(String userId) {
        return signedIn(userId, "openid profile");
    }

    /** An operator: a user whose token carries {@value #ADMIN_SCOPE}. */
    static Principal operator(String userId) {
        return signedIn(userId, "openid profile " + ADMIN_SCOPE);
    }

    /** A caller whose verified token names {@code userId} and grants these space-separated scopes. */
    static Principal signedIn(String userId, String scopes) {
        Jwt token = Jwt.withTokenValue("token-of-" + userId).header("alg", "RS256").subject(userId)
                .claim("scope", scopes).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(3600)).build();
        List<SimpleGrantedAuthority> authorities = Arrays.stream(scopes.split(" "))
                .map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope)).toList();
        return new JwtAuthenticationToken(token, authorities, userId);
    }

    /** Sets the active projection, as the todo.projections record would. */
    void activate(ActiveProjection record) {
        active.set(record);
    }

    long head() {
        return logs.get(LIST).size();
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
