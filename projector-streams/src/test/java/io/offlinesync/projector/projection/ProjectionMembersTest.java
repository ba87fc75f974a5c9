package io.offlinesync.projector.projection;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.memberAdded;
import static io.offlinesync.domain.TestEvents.memberRemoved;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every projection version folds the list's members (members are not version-specific), and a replay of the log
 * into a new projection gives the same members and the same state.
 */
class ProjectionMembersTest {

    @TempDir
    Path stateDir;

    static final List<LogEntry> LOG = List.of(
            accepted(1, "ann-phone", "ann", 1, 1000, created("G")),
            accepted(2, "ann-phone", "ann", 2, 1100, memberAdded("bob", Role.EDITOR)),
            accepted(3, "ann-phone", "ann", 3, 1200, memberAdded("cyd", Role.VIEWER)),
            accepted(4, "bob-phone", "bob", 1, 1300, added("milk", "Milk")),
            new LogEntry.Rejected(5, "cyd-phone", 1400, "0b9e0000-0000-4000-8000-000000000001", 1,
                    RejectReason.FORBIDDEN, null, null, "cyd", false),
            new LogEntry.Rejected(6, "ann-phone", 1500, "0b9e0000-0000-4000-8000-000000000002", 7,
                    RejectReason.FORBIDDEN, null, null, "mallory", true),
            accepted(7, "ann-phone", "ann", 4, 1600, memberRemoved("cyd")),
            accepted(8, "ann-phone", "ann", 5, 1700, memberAdded("bob", Role.OWNER)));

    private ListState fold(String version, String run, List<LogEntry> log) {
        Properties props = new Properties();
        ProjectionTarget target = ProjectionTarget.live(version);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, target.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(run).toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        try (TopologyTestDriver driver = new TopologyTestDriver(ProjectionTopology.build(target, ValueSerdes.plain(),
                FoldTuning.EVERY_EVENT, ProjectionMeters.unregistered(version)), props)) {
            TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events = driver.createInputTopic(Topics.EVENTS,
                    Serdes.String().serializer(), new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class).serializer());
            TestOutputTopic<String, ListState> states = driver.createOutputTopic(target.topic(),
                    Serdes.String().deserializer(), new PlainAvroSerde<>(ListState.class).deserializer());
            log.forEach(entry -> events.pipeInput("g", EventCodec.toAvro("g", entry), 1000));
            return states.readKeyValuesToMap().get("g");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void theStateCarriesTheMembersAndAReplayGivesTheSame(String version) {
        ListState live = fold(version, "live", LOG);

        assertThat(live.getMembers()).isEqualTo(Map.of("ann", "owner", "bob", "owner"));
        assertThat(live.getClientSeqs()).as("a foreign client's rejection consumes nothing of ann-phone")
                .containsEntry("ann-phone", 5L).containsEntry("cyd-phone", 1L);
        assertThat(ListStateCodec.fromAvro(live).members()).isEqualTo(TodoList.fold("g", LOG).members());

        ListState replayed = fold(version, "replay", LOG);
        assertThat(replayed.getMembers()).isEqualTo(live.getMembers());
        assertThat(replayed).usingRecursiveComparison().ignoringFields("source").isEqualTo(live);

        ListState half = fold(version, "half", LOG.subList(0, 3));
        assertThat(half.getMembers()).isEqualTo(Map.of("ann", "owner", "bob", "editor", "cyd", "viewer"));
    }
}
