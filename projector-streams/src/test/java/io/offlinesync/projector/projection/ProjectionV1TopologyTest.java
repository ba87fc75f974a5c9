package io.offlinesync.projector.projection;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.deleted;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ItemState;
import io.offlinesync.schemas.avro.ListState;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionV1TopologyTest {

    @TempDir
    java.nio.file.Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events;
    private TestOutputTopic<String, ListState> lists;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, ProjectionTarget.live("v1").applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // parallel builds must not share /tmp/kafka-streams
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(ProjectionTopology.build(ProjectionTarget.live("v1"), ValueSerdes.plain(),
                FoldTuning.EVERY_EVENT, ProjectionMeters.unregistered("v1")), props);
        events = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class).serializer());
        lists = driver.createOutputTopic(Topics.LISTS_V1, Serdes.String().deserializer(),
                new PlainAvroSerde<>(ListState.class).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void append(String listId, LogEntry entry) {
        events.pipeInput(listId, EventCodec.toAvro(listId, entry));
    }

    private Map<String, ListState> latest() {
        return lists.readKeyValuesToMap();
    }

    @Test
    void foldsEventsIntoTheListStateWithItsSourcePosition() {
        append("g", accepted(1, "ann", 1, 1000, created("Groceries")));
        append("g", accepted(2, "ann", 2, 1100, added("milk", "Buy milk")));
        append("g", accepted(3, "ann", 3, 1200, added("eggs", "Eggs")));
        append("g", accepted(4, "bob", 1, 1300, completed("milk", 2, clock("ann", 1, "bob", 1))));

        ListState state = latest().get("g");
        assertThat(state.getTitle()).isEqualTo("Groceries");
        assertThat(state.getListVersion()).isEqualTo(4L);
        assertThat(state.getFoldedEntries()).isEqualTo(4L);
        assertThat(state.getClientSeqs()).containsEntry("ann", 3L).containsEntry("bob", 1L);
        assertThat(state.getItems()).extracting(ItemState::getItemId).containsExactly("milk", "eggs");
        assertThat(state.getItems().get(0).getCompleted().get(0).getValue()).isTrue();
        assertThat(state.getSource().getTopic()).isEqualTo(Topics.EVENTS);
        assertThat(state.getSource().getOffset()).isEqualTo(3L);
        // v1 writes none of the fields v2 added, so its records stay what they were before v2 existed
        assertThat(state.getOpenCount()).isNull();
        assertThat(state.getStateHash()).isNull();
        assertThat(state.getItems()).allSatisfy(i -> assertThat(i.getAddedAtMs()).isNull());
    }

    @Test
    void aSegmentsEntriesAreFoldedInOrderAndAnEarlierRecordsLaterOnesSkipWhatTheStateHolds() {
        events.pipeInput("g", EventCodec.segments("g", java.util.List.of(
                accepted(1, "ann", 1, 1000, created("Groceries")),
                accepted(2, "ann", 2, 1000, added("milk", "Buy milk")),
                new LogEntry.Rejected(3, "ann", 1000, "e9", 9, RejectReason.GAP, 3L),
                new LogEntry.Accepted(4, "ann", 1000, // written later on the device than the add: it wins under lww
                        io.offlinesync.domain.TestEvents.event(3, 1100, completed("milk", 2, clock("ann", 2))))), 100)
                .getFirst());

        ListState state = latest().get("g");
        assertThat(state.getListVersion()).isEqualTo(4L);
        assertThat(state.getFoldedEntries()).isEqualTo(4L);
        assertThat(state.getItems().get(0).getCompleted().get(0).getValue()).isTrue();
        assertThat(state.getSource().getOffset()).as("the one record").isZero();

        // a segment of the same entries again (a replay) and one going further: only versions 5 and 6 fold
        events.pipeInput("g", EventCodec.segments("g", java.util.List.of(
                accepted(3, "ann", 3, 2000, added("tea", "Tea")),
                accepted(4, "ann", 4, 2000, added("jam", "Jam")),
                accepted(5, "ann", 5, 2000, added("oats", "Oats")),
                accepted(6, "ann", 6, 2000, added("rice", "Rice"))), 100).getFirst());
        state = latest().get("g");
        assertThat(state.getListVersion()).isEqualTo(6L);
        assertThat(state.getFoldedEntries()).isEqualTo(6L);
        assertThat(state.getItems()).extracting(ItemState::getItemId).containsExactly("milk", "oats", "rice");
        assertThat(state.getSource().getOffset()).isEqualTo(1L);
    }

    @Test
    void aListIsEmittedOnlyOnceCreatedButRejectionsBeforeThatCount() {
        append("g", new LogEntry.Rejected(1, "bob", 5, "e1", 1, RejectReason.UNKNOWN_LIST, null));
        assertThat(lists.isEmpty()).isTrue();

        append("g", accepted(2, "ann", 1, 1000, created("G")));
        ListState state = latest().get("g");
        assertThat(state.getListVersion()).isEqualTo(2L);
        assertThat(state.getClientSeqs()).containsEntry("bob", 1L).containsEntry("ann", 1L);
    }

    @Test
    void aReplayedEntryIsNotFoldedTwice() {
        LogEntry add = accepted(2, "ann", 2, 1100, added("milk", "Buy milk"));
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        append("g", add);
        append("g", add);

        ListState state = latest().get("g");
        assertThat(state.getFoldedEntries()).isEqualTo(2L);
        assertThat(state.getListVersion()).isEqualTo(2L);
    }

    @Test
    void deletedItemsStayAsTombstonesInTheStoredState() {
        append("g", accepted(1, "ann", 1, 1000, created("G")));
        append("g", accepted(2, "ann", 2, 1100, added("milk", "Buy milk")));
        append("g", accepted(3, "ann", 3, 1200, deleted("milk", 2, clock("ann", 2))));

        ItemState milk = latest().get("g").getItems().get(0);
        assertThat(milk.getDeletedVersion()).isEqualTo(3L);
    }

    @Test
    void listsAreFoldedIndependently() {
        append("a", accepted(1, "ann", 1, 1000, created("A")));
        append("b", accepted(1, "bob", 1, 1000, created("B")));
        append("a", accepted(2, "ann", 2, 1100, added("x", "X")));

        Map<String, ListState> states = latest();
        assertThat(states.get("a").getItems()).hasSize(1);
        assertThat(states.get("b").getItems()).isEmpty();
        assertThat(states.get("b").getListVersion()).isEqualTo(1L);
    }
}
