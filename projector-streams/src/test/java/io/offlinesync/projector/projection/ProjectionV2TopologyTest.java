package io.offlinesync.projector.projection;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.deleted;
import static io.offlinesync.domain.TestEvents.renamed;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.StateDigest;
import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ItemState;
import io.offlinesync.schemas.avro.ListState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

class ProjectionV2TopologyTest {

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events;
    private TestOutputTopic<String, ListState> v2;
    private final List<LogEntry> log = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, ProjectionTarget.live("v2").applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(ProjectionTopology.build(ProjectionTarget.live("v2"),
                ValueSerdes.plain(), FoldTuning.EVERY_EVENT, ProjectionMeters.unregistered("v2")), props);
        events = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class).serializer());
        v2 = driver.createOutputTopic(Topics.LISTS_V2, Serdes.String().deserializer(),
                new PlainAvroSerde<>(ListState.class).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void append(LogEntry entry) {
        log.add(entry);
        events.pipeInput("g", EventCodec.toAvro("g", entry));
    }

    private ListState latest() {
        return v2.readKeyValuesToMap().get("g");
    }

    @Test
    void countsOpenAndDoneVisibleItems() {
        append(accepted(1, "ann", 1, 1000, created("Groceries")));
        append(accepted(2, "ann", 2, 1100, added("milk", "Milk")));
        append(accepted(3, "ann", 3, 1200, added("eggs", "Eggs")));
        append(accepted(4, "ann", 4, 1300, added("tea", "Tea")));
        append(accepted(5, "ann", 5, 1400, completed("milk", 2, clock("ann", 2))));
        append(accepted(6, "ann", 6, 1500, deleted("tea", 2, clock("ann", 4))));

        ListState state = latest();
        assertThat(state.getOpenCount()).isEqualTo(1L);
        assertThat(state.getDoneCount()).isEqualTo(1L);
    }

    @Test
    void itemsCarryTheServerTimesOfTheirAdditionAndLastWrite() {
        append(accepted(1, "ann", 1, 1000, created("Groceries")));
        append(accepted(2, "ann", 2, 1100, added("milk", "Milk")));
        append(accepted(3, "bob", 1, 1250, renamed("milk", "Oat milk", 2, clock("x", 1, "bob", 1))));
        append(accepted(4, "ann", 3, 1300, added("eggs", "Eggs")));

        List<ItemState> items = latest().getItems();
        assertThat(items).extracting(ItemState::getItemId).containsExactly("milk", "eggs");
        assertThat(items.get(0).getAddedAtMs()).isEqualTo(1100L);
        assertThat(items.get(0).getUpdatedAtMs()).isEqualTo(1250L);
        assertThat(items.get(1).getAddedAtMs()).isEqualTo(1300L);
        assertThat(items.get(1).getUpdatedAtMs()).isEqualTo(1300L);
    }

    @Test
    void theStateHashIsTheDigestOfTheDomainFold() {
        append(accepted(1, "ann", 1, 1000, created("Groceries")));
        append(accepted(2, "ann", 2, 1100, added("milk", "Milk")));
        append(accepted(3, "ann", 3, 1200, completed("milk", 2, clock("ann", 2))));
        String first = latest().getStateHash();
        assertThat(first).isEqualTo(StateDigest.of(TodoList.fold("g", log)));

        append(accepted(4, "ann", 4, 1300, added("eggs", "Eggs")));
        assertThat(latest().getStateHash()).isEqualTo(StateDigest.of(TodoList.fold("g", log))).isNotEqualTo(first);
    }

    @Test
    void v2KeepsEveryFieldV1Writes() {
        append(accepted(1, "ann", 1, 1000, created("Groceries")));
        append(accepted(2, "ann", 2, 1100, added("milk", "Milk")));
        ListState state = latest();
        assertThat(state.getListVersion()).isEqualTo(2L);
        assertThat(state.getTitle()).isEqualTo("Groceries");
        assertThat(state.getClientSeqs()).containsEntry("ann", 2L);
        assertThat(state.getSource().getOffset()).isEqualTo(1L);
    }
}
