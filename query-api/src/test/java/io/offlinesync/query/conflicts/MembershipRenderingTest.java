package io.offlinesync.query.conflicts;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.memberAdded;
import static io.offlinesync.domain.TestEvents.memberRemoved;
import static io.offlinesync.domain.TestEvents.renamed;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.TodoList;
import io.offlinesync.query.QueryTopology;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.query.state.ListStateView;
import io.offlinesync.query.state.ServedState;
import io.offlinesync.domain.projection.TodoListProjection;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Protocol v1.1 in the query-api's renderings: catch-up entries carry their {@code userId}, member events their
 * {@code member} and {@code role}, a foreign client's {@code forbidden} its {@code foreignClient} (and moves no
 * {@code clientSeqs}); explain entries carry the {@code userId}; every state (stored v1 and v2, what-if) its
 * {@code members}.
 */
class MembershipRenderingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    java.nio.file.Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events;
    private CatchUpQuery catchUp;
    private ConflictQuery conflicts;

    static final List<LogEntry> LOG = List.of(
            accepted(1, "ann-phone", "ann", 1, 1000, created("G")),
            accepted(2, "ann-phone", "ann", 2, 1100, memberAdded("bob", Role.EDITOR)),
            accepted(3, "bob-phone", "bob", 1, 1200, added("milk", "Milk")),
            new LogEntry.Rejected(4, "ann-phone", 1300, "0b9e0000-0000-4000-8000-000000000001", 1,
                    RejectReason.FORBIDDEN, null, null, "mallory", true),
            new LogEntry.Rejected(5, "cyd-phone", 1400, "0b9e0000-0000-4000-8000-000000000002", 1,
                    RejectReason.FORBIDDEN, null, null, "cyd", false),
            accepted(6, "ann-phone", "ann", 3, 1500, renamed("milk", "Oat milk", 2, clock("ann", 1))),
            accepted(7, "ann-phone", "ann", 4, 1600, memberRemoved("bob")),
            new LogEntry.Rejected(8, "ann-phone", 1700, "0b9e0000-0000-4000-8000-000000000003", 5,
                    RejectReason.LAST_OWNER, null, null, "ann", false));

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, QueryTopology.APPLICATION_ID);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        HeadWatch headWatch = new HeadWatch();
        driver = new TopologyTestDriver(QueryTopology.build(ValueSerdes.plain(), headWatch, List.of("v1")), props);
        events = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class).serializer());
        catchUp = new CatchUpQuery(() -> driver.getKeyValueStore(QueryTopology.INDEX_STORE),
                () -> driver.getKeyValueStore(QueryTopology.HEADS_STORE), headWatch, 1 << 20);
        conflicts = new ConflictQuery(catchUp, 20_000, 2);
        LOG.forEach(entry -> events.pipeInput("g", EventCodec.toAvro("g", entry)));
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void catchUpEntriesCarryTheirUserAndTheMemberEventsAndRejectionsOfMembership() throws Exception {
        CatchUpQuery.Page page = catchUp.read("g", 0, 100, 0).orElseThrow();

        assertThat(page.events()).hasSize(8);
        assertThat(texts(page).get(0)).contains("\"userId\":\"ann\"", "\"type\":\"ListCreated\"");
        assertThat(texts(page).get(1)).contains("\"type\":\"MemberAdded\"", "\"member\":\"bob\"", "\"role\":\"editor\"");
        assertThat(texts(page).get(3)).contains("\"userId\":\"mallory\"", "\"reason\":\"forbidden\"",
                "\"foreignClient\":true");
        assertThat(texts(page).get(4)).contains("\"reason\":\"forbidden\"").doesNotContain("foreignClient");
        assertThat(texts(page).get(6)).contains("\"type\":\"MemberRemoved\"", "\"member\":\"bob\"");
        assertThat(texts(page).get(7)).contains("\"reason\":\"last-owner\"");
        assertThat(page.clientSeqs()).as("mallory's push under ann-phone moved nothing of it")
                .containsEntry("ann-phone", 5L).containsEntry("bob-phone", 1L).containsEntry("cyd-phone", 1L);
    }

    @Test
    void explainShowsWhoWroteAndWhatIfShowsTheMembers() throws Exception {
        ItemHistoryView history = ItemHistoryView.of(conflicts.history("g", "milk").orElseThrow());
        String json = JSON.writeValueAsString(history);
        assertThat(history.entries()).extracting(ItemHistoryView.Entry::userId).containsExactly("bob", "ann");
        assertThat(json).contains("\"serverMs\":1200,\"userId\":\"bob\",\"type\":\"ItemAdded\"");

        ConflictQuery.WhatIf whatIf = conflicts.whatIf("g", Policy.COUNTER).orElseThrow();
        String state = JSON.writeValueAsString(ListStateView.of(whatIf.state(), "what-if", null,
                whatIf.differsFromActual()));
        assertThat(state).contains("\"members\":{\"ann\":\"owner\"}");
    }

    @Test
    void storedStatesOfEveryVersionCarryTheirMembers() throws Exception {
        TodoList list = TodoList.fold("g", LOG.subList(0, 3));
        SourcePosition source = new SourcePosition(Topics.EVENTS, 0, 2L);
        for (TodoListProjection projection : List.of(TodoListProjection.V1, TodoListProjection.V2)) {
            String json = JSON.writeValueAsString(served(projection, list, source));
            assertThat(json).contains("\"clientSeqs\":{\"ann-phone\":2,\"bob-phone\":1},")
                    .contains("\"members\":{\"ann\":\"owner\",\"bob\":\"editor\"},\"items\":[");
        }
        TodoList legacy = TodoList.fold("l", List.of(accepted(1, "old-phone", 1, 1000, created("L"))));
        assertThat(JSON.writeValueAsString(served(TodoListProjection.V1, legacy, source)))
                .as("a list without members shows an empty object").contains("\"members\":{}");
    }

    private static java.util.Map<String, Object> served(TodoListProjection projection, TodoList list,
                                                        SourcePosition source) {
        return new ServedState(projection.name(), projection.facts(list), source, list, projection.view(list)).body();
    }

    /** The page's entries as text. */
    static List<String> texts(CatchUpQuery.Page page) {
        return page.events().stream().map(e -> new String(e, StandardCharsets.UTF_8)).toList();
    }
}
