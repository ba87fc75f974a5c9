package io.offlinesync.projector.projection;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An idle projection lets its decoded lists go (memory at rest) and folds the next event from the stored state. */
class IdleFoldTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void decodedListsAreLetGoAfterTenIdleSecondsAndTheNextEventFoldsFromTheStore() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, ProjectionTarget.live("v1").applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(ProjectionTopology.build(ProjectionTarget.live("v1"),
                ValueSerdes.plain(), FoldTuning.DEFAULT, new ProjectionMeters(registry, "v1"), new InMemoryEvents()),
                props)) {
            TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events = driver.createInputTopic(Topics.EVENTS,
                    Serdes.String().serializer(), new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class).serializer());
            var lists = driver.createOutputTopic(Topics.lists("v1"), Serdes.String().deserializer(),
                    new PlainAvroSerde<>(ListState.class).deserializer());

            events.pipeInput("g", EventCodec.toAvro("g", accepted(1, "ann", 1, 1000, created("G"))));
            driver.advanceWallClockTime(Duration.ofMillis(100));
            events.pipeInput("g", EventCodec.toAvro("g", accepted(2, "ann", 2, 1001, added("milk", "Milk"))));
            driver.advanceWallClockTime(Duration.ofMillis(100));
            assertThat(loads(registry)).as("the second event found the list decoded").isEqualTo(1);

            driver.advanceWallClockTime(Duration.ofMillis(ListFoldProcessor.RELEASE_IDLE_MS - 300));
            events.pipeInput("g", EventCodec.toAvro("g", accepted(3, "ann", 3, 1002, added("eggs", "Eggs"))));
            driver.advanceWallClockTime(Duration.ofMillis(100));
            assertThat(loads(registry)).as("not idle long enough: still held").isEqualTo(1);

            driver.advanceWallClockTime(Duration.ofMillis(ListFoldProcessor.RELEASE_IDLE_MS + 100));
            events.pipeInput("g", EventCodec.toAvro("g", accepted(4, "ann", 4, 1003, added("tea", "Tea"))));
            driver.advanceWallClockTime(Duration.ofMillis(100));
            assertThat(loads(registry)).as("let go after 10 idle seconds: decoded again from the store").isEqualTo(2);

            ListState last = lists.readKeyValuesToMap().get("g");
            assertThat(last.getListVersion()).isEqualTo(4);
            assertThat(last.getItems()).extracting(item -> item.getItemId().toString())
                    .containsExactly("milk", "eggs", "tea");
        }
    }

    private static double loads(SimpleMeterRegistry registry) {
        return registry.get("sync.projection.state.loads").counter().count();
    }
}
