package io.offlinesync.projector.projection;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.reopened;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.examples.archive.ArchiveProjection;
import io.offlinesync.examples.archive.ArchiveState;
import io.offlinesync.examples.archive.ArchiveStore;
import io.offlinesync.examples.archive.avro.TodoArchiveState;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.ValueSerdes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A projection the platform knows nothing of, installed as a jar (v3 todo-archive), through the production fold
 * ({@link ListFoldProcessor}): batched or per event, and after a crash between commit and flush (recovered from the
 * fold marker), it ends in the states its own pure fold gives, in its own record.
 */
class PluginProjectionTopologyTest {

    private static final long HOUR = 3_600_000L;
    private static final ProjectionTarget V3 = ProjectionTarget.live(new ArchiveStore());

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver(FoldTuning tuning, String dir, InMemoryEvents log) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, V3.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(dir).toString());
        return new TopologyTestDriver(ProjectionTopology.build(V3, ValueSerdes.plain(), tuning,
                ProjectionMeters.unregistered("v3"), log), props);
    }

    /** Lists whose items are added, completed and reopened over weeks of server time, so some get archived. */
    private static List<KeyValue<String, LogEntry>> log(Random random, int lists, int entries) {
        List<KeyValue<String, LogEntry>> log = new ArrayList<>();
        Map<String, Long> versions = new HashMap<>();
        long ms = 1_000_000L;
        for (int l = 0; l < lists; l++) {
            String listId = "l" + l;
            versions.put(listId, 1L);
            log.add(KeyValue.pair(listId, accepted(1, "ann", 1, ms, created("List " + l))));
        }
        for (int i = 0; i < entries; i++) {
            String listId = "l" + random.nextInt(lists);
            long version = versions.merge(listId, 1L, Long::sum);
            ms += random.nextInt(6) * HOUR;
            String item = "i" + random.nextInt(6);
            var body = switch (random.nextInt(4)) {
                case 0 -> added(item, "Item " + item);
                case 1, 2 -> completed(item, version, clock("ann", version));
                default -> reopened(item, version, clock("ann", version));
            };
            log.add(KeyValue.pair(listId, accepted(version, "ann", version, ms, body)));
        }
        return log;
    }

    /** What the projection's own pure fold gives, list by list, as its view. */
    private static Map<String, Map<String, Object>> folded(List<KeyValue<String, LogEntry>> log) {
        Map<String, ArchiveState> states = new HashMap<>();
        for (KeyValue<String, LogEntry> entry : log) {
            ArchiveState state = states.computeIfAbsent(entry.key, ArchiveProjection.INSTANCE::initial);
            states.put(entry.key, ArchiveProjection.INSTANCE.apply(state, entry.value));
        }
        Map<String, Map<String, Object>> views = new HashMap<>();
        states.forEach((listId, state) -> views.put(listId, ArchiveProjection.INSTANCE.view(state)));
        return views;
    }

    private static Map<String, Map<String, Object>> views(Map<String, TodoArchiveState> records) {
        ArchiveStore store = new ArchiveStore();
        Map<String, Map<String, Object>> views = new HashMap<>();
        records.forEach((listId, record) -> views.put(listId, ArchiveProjection.INSTANCE.view(store.fromRecord(record))));
        return views;
    }

    private static Map<String, TodoArchiveState> emitted(TopologyTestDriver driver) {
        return driver.createOutputTopic(V3.topic(), Serdes.String().deserializer(),
                new PlainAvroSerde<>(TodoArchiveState.class).deserializer()).readKeyValuesToMap();
    }

    @Test
    void aPluginsStatesAreItsOwnFoldBatchedOrPerEvent() {
        List<KeyValue<String, LogEntry>> log = log(new Random(11), 5, 400);
        Map<String, Map<String, Object>> expected = folded(log);
        assertThat(expected.values()).as("the log archives something").anyMatch(v -> !((List<?>) v.get("archived")).isEmpty());
        for (FoldTuning tuning : List.of(FoldTuning.EVERY_EVENT, new FoldTuning(Duration.ofMillis(50), 7, 3))) {
            InMemoryEvents events = new InMemoryEvents();
            Map<String, TodoArchiveState> latest = new HashMap<>();
            try (TopologyTestDriver driver = driver(tuning, "run-" + tuning.maxDirtyItems(), events)) {
                var input = driver.createInputTopic(io.offlinesync.schemas.Topics.EVENTS, Serdes.String().serializer(),
                        Serdes.ByteArray().serializer());
                for (int i = 0; i < log.size(); i++) {
                    events.pipe(input, log.get(i).key, log.get(i).value, 1000L + i);
                    if (i % 37 == 0) {
                        driver.advanceWallClockTime(Duration.ofMillis(60));
                    }
                }
                driver.advanceWallClockTime(Duration.ofMillis(60));
                latest.putAll(emitted(driver));
            }
            assertThat(views(latest)).as("tuning %s", tuning).isEqualTo(expected);
        }
    }

    @Test
    void aPluginsTaskThatCrashedBeforeItsFlushIsRecoveredFromTheMarker() throws IOException {
        List<KeyValue<String, LogEntry>> log = log(new Random(5), 5, 300);
        InMemoryEvents committed = new InMemoryEvents();
        Map<String, TodoArchiveState> latest = new HashMap<>();
        FoldTuning never = new FoldTuning(Duration.ofHours(1), Long.MAX_VALUE, 10);
        try (TopologyTestDriver crashed = driver(never, "crash", committed)) {
            var input = crashed.createInputTopic(io.offlinesync.schemas.Topics.EVENTS, Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            for (int i = 0; i < log.size(); i++) {
                if (i == 120) {
                    crashed.advanceWallClockTime(Duration.ofHours(1)); // the last flush before the crash
                }
                committed.pipe(input, log.get(i).key, log.get(i).value, 1000L + i);
            }
            latest.putAll(emitted(crashed));
            BatchedFoldTopologyTest.copy(stateDir.resolve("crash"), stateDir.resolve("crash-left")); // what the crash leaves on disk
        }
        BatchedFoldTopologyTest.copy(stateDir.resolve("crash-left"), stateDir.resolve("crash"));

        try (TopologyTestDriver next = driver(FoldTuning.DEFAULT, "crash", committed)) {
            assertThat(committed.readsFrom).as("read again from the marker").hasSize(1);
            next.advanceWallClockTime(Duration.ofMillis(100));
            latest.putAll(emitted(next));
        }
        assertThat(views(latest)).isEqualTo(folded(log));
    }
}
