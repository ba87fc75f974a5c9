package io.offlinesync.projector.projection;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.deleted;
import static io.offlinesync.domain.TestEvents.renamed;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
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
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batched fold (the production default) emits once per list per flush and ends where a per-event fold ends. */
class BatchedFoldTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver(FoldTuning tuning, String dir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, ProjectionVersion.V2.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(dir).toString());
        return new TopologyTestDriver(ProjectionTopology.build(ProjectionTarget.live(ProjectionVersion.V2),
                ValueSerdes.plain(), tuning, ProjectionMeters.unregistered("v2")), props);
    }

    private static TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events(TopologyTestDriver driver) {
        return driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class).serializer());
    }

    private static TestOutputTopic<String, ListState> lists(TopologyTestDriver driver) {
        return driver.createOutputTopic(Topics.lists("v2"), Serdes.String().deserializer(),
                new PlainAvroSerde<>(ListState.class).deserializer());
    }

    @Test
    void aFlushEmitsEachChangedListOnceWithAllItsEvents() {
        try (TopologyTestDriver driver = driver(new FoldTuning(Duration.ofMillis(100), 1000, 10), "once")) {
            var events = events(driver);
            var lists = lists(driver);
            events.pipeInput("g", EventCodec.toAvro("g", accepted(1, "ann", 1, 1000, created("G"))));
            for (int v = 2; v <= 50; v++) {
                events.pipeInput("g", EventCodec.toAvro("g", accepted(v, "ann", v, 1000 + v, added("i" + v, "Item " + v))));
            }
            events.pipeInput("h", EventCodec.toAvro("h", accepted(1, "bob", 1, 1000, created("H"))));
            assertThat(lists.isEmpty()).as("nothing is emitted before the flush").isTrue();

            driver.advanceWallClockTime(Duration.ofMillis(100));

            List<KeyValue<String, ListState>> emitted = lists.readKeyValuesToList();
            assertThat(emitted).extracting(kv -> kv.key).containsExactly("g", "h");
            assertThat(emitted.get(0).value.getListVersion()).isEqualTo(50L);
            assertThat(emitted.get(0).value.getFoldedEntries()).isEqualTo(50L);
            assertThat(emitted.get(0).value.getItems()).hasSize(49);
            assertThat(emitted.get(0).value.getSource().getOffset()).isEqualTo(49L);

            driver.advanceWallClockTime(Duration.ofMillis(100));
            assertThat(lists.isEmpty()).as("an unchanged list is not emitted again").isTrue();
        }
    }

    @Test
    void listsHoldingTooManyItemsFlushEarly() {
        try (TopologyTestDriver driver = driver(new FoldTuning(Duration.ofHours(1), 3, 10), "early")) {
            var events = events(driver);
            var lists = lists(driver);
            for (String id : List.of("a", "b")) {
                events.pipeInput(id, EventCodec.toAvro(id, accepted(1, "ann", 1, 1000, created(id))));
            }
            assertThat(lists.isEmpty()).isTrue();
            events.pipeInput("c", EventCodec.toAvro("c", accepted(1, "ann", 1, 1000, created("c"))));
            assertThat(lists.readKeyValuesToMap()).containsOnlyKeys("a", "b", "c");
        }
    }

    @Test
    void batchedAndPerEventFoldsEndInTheSameStates() {
        List<KeyValue<String, LogEntry>> log = randomLog(new Random(42), 12, 800);
        Map<String, ListState> perEvent = run(FoldTuning.EVERY_EVENT, "every", log, new Random(1));
        // a tiny cache, so lists are evicted and decoded again from the store between flushes
        Map<String, ListState> batched = run(new FoldTuning(Duration.ofMillis(50), 7, 3), "batched", log, new Random(2));
        assertThat(batched).hasSize(12).isEqualTo(perEvent);
    }

    /** The changelog records a projection writes for 10,000 events over 200 lists, a flush every 500 events. */
    @Test
    void changelogRecordsPerTenThousandEvents() {
        try (TopologyTestDriver driver = driver(FoldTuning.DEFAULT, "count")) {
            var events = events(driver);
            Map<String, Integer> versions = new HashMap<>();
            for (int i = 0; i < 10_000; i++) {
                String list = "l" + (i % 200);
                int v = versions.merge(list, 1, Integer::sum);
                events.pipeInput(list, EventCodec.toAvro(list, accepted(v, "ann", v, 1000L + v,
                        v == 1 ? created(list) : added("i" + v, "t" + v))));
                if ((i + 1) % 500 == 0) {
                    driver.advanceWallClockTime(Duration.ofMillis(100));
                }
            }
            Map<String, Long> records = new java.util.TreeMap<>();
            for (String topic : driver.producedTopicNames()) {
                records.put(topic, driver.createOutputTopic(topic, Serdes.ByteArray().deserializer(),
                        Serdes.ByteArray().deserializer()).getQueueSize());
            }
            System.out.println("records per 10,000 events (20 flushes): " + records);
        }
    }

    private Map<String, ListState> run(FoldTuning tuning, String dir, List<KeyValue<String, LogEntry>> log, Random clock) {
        try (TopologyTestDriver driver = driver(tuning, dir)) {
            var events = events(driver);
            var lists = lists(driver);
            Map<String, ListState> latest = new HashMap<>();
            for (KeyValue<String, LogEntry> e : log) {
                events.pipeInput(e.key, EventCodec.toAvro(e.key, e.value));
                if (clock.nextInt(20) == 0) {
                    driver.advanceWallClockTime(Duration.ofMillis(clock.nextInt(80)));
                }
                latest.putAll(lists.readKeyValuesToMap());
            }
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            latest.putAll(lists.readKeyValuesToMap());
            return latest;
        }
    }

    /** Runs of events per list (as batches arrive), with renames, completions and deletes, some replayed. */
    static List<KeyValue<String, LogEntry>> randomLog(Random random, int listCount, int size) {
        Map<String, Integer> versions = new HashMap<>();
        List<KeyValue<String, LogEntry>> log = new ArrayList<>();
        while (log.size() < size) {
            String list = "l" + random.nextInt(listCount);
            int run = 1 + random.nextInt(12);
            for (int i = 0; i < run; i++) {
                int v = versions.merge(list, 1, Integer::sum);
                String item = "i" + random.nextInt(8);
                EventBody body = switch (v == 1 ? 0 : 1 + random.nextInt(4)) {
                    case 0 -> created(list);
                    case 1 -> added(item, "t" + v);
                    case 2 -> renamed(item, "r" + v, v, clock("ann", v));
                    case 3 -> completed(item, v, clock("ann", v));
                    default -> deleted(item, v, clock("ann", v));
                };
                LogEntry entry = accepted(v, "ann", v, 1000L + v, body);
                log.add(KeyValue.pair(list, entry));
                if (random.nextInt(50) == 0) {
                    log.add(KeyValue.pair(list, entry)); // redelivered after a crash: must not count twice
                }
            }
        }
        return log;
    }
}
