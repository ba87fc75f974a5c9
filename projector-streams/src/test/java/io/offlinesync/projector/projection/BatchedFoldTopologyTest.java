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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
        return driver(tuning, dir, ProjectionMeters.unregistered("v2"), new InMemoryEvents());
    }

    private TopologyTestDriver driver(FoldTuning tuning, String dir, ProjectionMeters meters, EventsPartitionReader log) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, ProjectionTarget.live("v2").applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(dir).toString());
        return new TopologyTestDriver(ProjectionTopology.build(ProjectionTarget.live("v2"),
                ValueSerdes.plain(), tuning, meters, log), props);
    }

    private static TestInputTopic<String, byte[]> rawEvents(TopologyTestDriver driver) {
        return driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
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

    /**
     * A crash (entries processed and committed, their lists not stored: no flush for an hour) and a new task on the
     * same state: it reads the log again from the marker and ends where a per-event fold ends.
     */
    @Test
    void aTaskThatCrashedBeforeItsFlushIsRecoveredFromTheMarker() throws IOException {
        List<KeyValue<String, LogEntry>> log = randomLog(new Random(7), 12, 600);
        Map<String, ListState> perEvent = run(FoldTuning.EVERY_EVENT, "every-7", log, new Random(1));

        InMemoryEvents committed = new InMemoryEvents();
        Map<String, ListState> latest = new HashMap<>();
        FoldTuning never = new FoldTuning(Duration.ofHours(1), Long.MAX_VALUE, 10);
        int flushedAt = 250;
        try (TopologyTestDriver crashed = driver(never, "crash", ProjectionMeters.unregistered("v2"), committed)) {
            var events = rawEvents(crashed);
            var lists = lists(crashed);
            for (int i = 0; i < log.size(); i++) {
                if (i == flushedAt) {
                    crashed.advanceWallClockTime(Duration.ofHours(1));
                }
                committed.pipe(events, log.get(i).key, log.get(i).value, 1000L + i);
            }
            latest.putAll(lists.readKeyValuesToMap());
            assertThat(committed.readsFrom).isEmpty();
            // what the crash leaves on disk (the driver committed after every record; closing it deletes its state)
            copy(stateDir.resolve("crash"), stateDir.resolve("crash-left"));
        }
        copy(stateDir.resolve("crash-left"), stateDir.resolve("crash"));

        try (TopologyTestDriver next = driver(FoldTuning.DEFAULT, "crash", ProjectionMeters.unregistered("v2"), committed)) {
            assertThat(committed.readsFrom).as("from the first entry the flush at %d did not store", flushedAt)
                    .containsExactly((long) firstNewEntry(log, flushedAt));
            next.advanceWallClockTime(Duration.ofMillis(100));
            latest.putAll(lists(next).readKeyValuesToMap());
            assertThat(next.getKeyValueStore(ProjectionTarget.live("v2").markerStore()).approximateNumEntries()).isZero();
        }
        assertThat(latest).hasSize(12).isEqualTo(perEvent);
    }

    /** A state directory as a crash leaves it (also used by {@link PluginProjectionTopologyTest}). */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The offset of the first entry at or after {@code from} that is not a redelivery of an earlier one. */
    private static int firstNewEntry(List<KeyValue<String, LogEntry>> log, int from) {
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            long version = log.get(i).value.listVersion();
            boolean isNew = version > versions.getOrDefault(log.get(i).key, 0L);
            versions.merge(log.get(i).key, version, Math::max);
            if (i >= from && isNew) {
                return i;
            }
        }
        throw new IllegalStateException("no new entry after " + from);
    }

    /**
     * Per event nothing is written; per flush the changed lists and the marker (set by the first entry after a
     * flush, deleted by the flush). Before issue 15 every entry also wrote a pending entry and its tombstone:
     * 20,000 pending-store changelog records for these 10,000 events.
     */
    @Test
    void changelogRecordsPerTenThousandEvents() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String markerChangelog = ProjectionTarget.live("v2").applicationId() + "-" + ProjectionTarget.live("v2").markerStore() + "-changelog";
        String foldChangelog = ProjectionTarget.live("v2").applicationId() + "-" + ProjectionTarget.live("v2").store() + "-changelog";
        try (TopologyTestDriver driver = driver(FoldTuning.DEFAULT, "count", new ProjectionMeters(registry, "v2"),
                new InMemoryEvents())) {
            var events = events(driver);
            Map<String, Integer> versions = new HashMap<>();
            for (int i = 0; i < 10_000; i++) {
                String list = "l" + (i % 200);
                int v = versions.merge(list, 1, Integer::sum);
                events.pipeInput(list, EventCodec.toAvro(list, accepted(v, "ann", v, 1000L + v,
                        v == 1 ? created(list) : added("i" + v, "t" + v))));
                if (i == 498) {
                    assertThat(records(driver)).as("the first 499 events of a flush window")
                            .containsExactly(Map.entry(markerChangelog, 1L));
                }
                if ((i + 1) % 500 == 0) {
                    driver.advanceWallClockTime(Duration.ofMillis(100));
                }
            }
            Map<String, Long> records = records(driver);
            long flushes = registry.get("sync.projection.flush").timer().count();
            System.out.println("records per 10,000 events (" + flushes + " flushes): " + records);
            assertThat(records).containsOnlyKeys(markerChangelog, foldChangelog, Topics.lists("v2"));
            assertThat(records.get(markerChangelog)).as("a put and a delete per flush").isEqualTo(2 * flushes);
            assertThat(records.get(foldChangelog)).isEqualTo(records.get(Topics.lists("v2")));
        }
    }

    /** Flushing after every event needs no marker: the list is stored before any commit. */
    @Test
    void aFoldThatFlushesEveryEventWritesNoMarker() {
        try (TopologyTestDriver driver = driver(FoldTuning.EVERY_EVENT, "no-marker")) {
            var events = events(driver);
            for (int v = 1; v <= 20; v++) {
                events.pipeInput("g", EventCodec.toAvro("g", accepted(v, "ann", v, 1000L + v,
                        v == 1 ? created("G") : added("i" + v, "t" + v))));
            }
            assertThat(records(driver)).containsOnlyKeys(
                    ProjectionTarget.live("v2").applicationId() + "-" + ProjectionTarget.live("v2").store() + "-changelog",
                    Topics.lists("v2"));
        }
    }

    /** Records written so far to each topic (changelogs included), read off the driver. */
    private static Map<String, Long> records(TopologyTestDriver driver) {
        Map<String, Long> records = new TreeMap<>();
        for (String topic : driver.producedTopicNames()) {
            long n = driver.createOutputTopic(topic, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer())
                    .getQueueSize();
            if (n > 0) {
                records.put(topic, n);
            }
        }
        return records;
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
