package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.offlinesync.schemas.RegistrySerdes;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.projections.ProjectionControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Migrating a projection on a real broker with the operator's command line run in-process: a replayed
 * copy of v1 is byte-identical to the live v1, diff sees no difference and then a crafted one, activate
 * is refused for a lagging projection, and switching to v2 under continuous reads gives no error and
 * never goes back to v1 for a reader once it saw v2.
 */
@PlatformTest
class ProjectionMigrationIT {

    private static final int LISTS = 12;
    private static Platform platform;

    private static OperatorCli.Run cli(String... args) {
        return OperatorCli.run(platform, args);
    }

    @Test
    void replayDiffActivateAndRollBack() throws Exception {
        for (int i = 0; i < LISTS; i++) {
            // a Device numbers its events from clientSeq 1: one per list
            Device ann = platform.device("ann-phone");
            Device.Response pushed = ann.push("list-" + i, ann.batch(
                    ann.event("ListCreated", "\"title\":\"List " + i + "\",\"policy\":\"lww\""),
                    ann.event("ItemAdded", "\"itemId\":\"milk\",\"title\":\"Milk\",\"count\":1,\"vclock\":{\"ann-phone\":1}"),
                    ann.event("ItemCompleted", "\"itemId\":\"milk\",\"count\":2,\"vclock\":{\"ann-phone\":2}")));
            assertThat(pushed.status()).isEqualTo(202);
        }
        try (ProjectionControl control = new ProjectionControl(KafkaClients.of(platform.bootstrap))) {
            await("v1 and v2 caught up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> control.endOffsets().values().stream().mapToLong(Long::longValue).sum() > 0
                            && control.lag("v1").caughtUp() && control.lag("v2").caughtUp()
                            && latestBytes(Topics.LISTS_V1).size() == LISTS);

            // (d) a copy that has not been replayed lags on every partition with events: refused
            assertThatThrownBy(() -> control.activate("v1-check")).isInstanceOf(ProjectionControl.NotCaughtUp.class);
        }

        // the live v1 has members (the projector runs it): replaying it in place is refused
        OperatorCli.Run inPlace = cli("replay", "--version", "1");
        assertThat(inPlace.exit()).as(inPlace.err()).isEqualTo(1);
        assertThat(inPlace.err()).contains("live members");

        // (a) replay v1 beside the live one: byte-identical Avro payloads for every list
        OperatorCli.Run replay = cli("replay", "--version", "1", "--copy", "check");
        assertThat(replay.exit()).as(replay.err()).isZero();
        // progress in offsets of todo.events (a segment per push, and transaction markers) and in entries folded: at
        // the end all of them, and the 3 events of each list
        assertThat(replay.err()).containsPattern("\\] (\\d+)/\\1 offsets  " + (3 * LISTS) + " entries folded  ")
                .contains("entries/s").contains("caught up");
        Map<String, byte[]> live = latestBytes(Topics.LISTS_V1);
        Map<String, byte[]> copy = latestBytes("todo.lists.v1-check");
        assertThat(copy.keySet()).isEqualTo(live.keySet()).hasSize(LISTS);
        live.forEach((listId, bytes) -> assertThat(payload(copy.get(listId))).as(listId).isEqualTo(payload(bytes)));

        // (b) diff: none between v1 and its copy, nor on the shared fields of v1 and v2; then a crafted difference
        OperatorCli.Run same = cli("diff", "--from", "v1", "--to", "v1-check");
        assertThat(same.exit()).as(same.out() + same.err()).isZero();
        assertThat(same.out()).contains("0 of " + LISTS + " lists differ");
        assertThat(cli("diff", "--from", "v1", "--to", "v2").exit()).isZero();
        overwriteTitle("todo.lists.v1-check", "list-3", "Crafted");
        OperatorCli.Run differs = cli("diff", "--from", "v1", "--to", "v1-check");
        assertThat(differs.exit()).isEqualTo(1);
        assertThat(differs.out()).contains("1 of " + LISTS + " lists differ").contains("list-3: title");

        // (c) activate v2 while readers read: no error, and once a reader saw v2 it never sees v1 again
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<List<String>> seen = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            List<String> mine = new java.util.concurrent.CopyOnWriteArrayList<>();
            seen.add(mine);
            String listId = "list-" + r;
            readers.add(Thread.ofPlatform().name("reader-" + r).start(() -> {
                Device reader = platform.device("reader");
                while (!stop.get()) {
                    try {
                        Device.Response state = reader.state(listId);
                        if (state.status() != 200) {
                            problems.add(state.status() + " " + state.body());
                        } else {
                            mine.add(state.body().get("projection").asString());
                        }
                    } catch (Exception e) {
                        problems.add(e.toString());
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().allMatch(s -> s.size() > 5));
        OperatorCli.Run activate = cli("activate", "--version", "2");
        assertThat(activate.exit()).as(activate.err()).isZero();
        await("readers see v2").atMost(Duration.ofSeconds(20))
                .until(() -> seen.stream().allMatch(s -> !s.isEmpty() && s.getLast().equals("v2")));
        stop.set(true);
        for (Thread reader : readers) {
            reader.join(Duration.ofSeconds(10));
        }
        assertThat(problems).isEmpty();
        for (List<String> mine : seen) {
            int firstV2 = mine.indexOf("v2");
            assertThat(mine.subList(0, firstV2)).containsOnly("v1");
            assertThat(mine.subList(firstV2, mine.size())).containsOnly("v2");
        }
        Device reader = platform.device("reader");
        Device.Response v2 = reader.state("list-0");
        assertThat(v2.body().get("openCount").asLong()).isZero();
        assertThat(v2.body().get("doneCount").asLong()).isEqualTo(1L);

        assertThat(cli("status").out()).contains("active: v2 (previous: v1)");
        OperatorCli.Run rollback = cli("rollback");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        await("served v1 again").atMost(Duration.ofSeconds(20))
                .until(() -> reader.state("list-0").body().get("projection").asString().equals("v1"));
    }

    /** The Avro payload of a Confluent-framed value: the bytes after magic byte and 4-byte schema id. */
    private static byte[] payload(byte[] framed) {
        return Arrays.copyOfRange(framed, 5, framed.length);
    }

    private static Map<String, byte[]> latestBytes(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return latest;
    }

    private static void overwriteTitle(String topic, String listId, String title) throws Exception {
        Map<String, ListState> states = TopicContents.latest(platform, topic);
        ListState crafted = ListState.newBuilder(states.get(listId)).setTitle(title).build();
        Properties props = new Properties();
        props.put("bootstrap.servers", platform.bootstrap);
        try (KafkaProducer<String, ListState> producer = new KafkaProducer<>(props, new StringSerializer(),
                RegistrySerdes.<ListState>valueSerde(platform.registry.url()).serializer())) {
            producer.send(new ProducerRecord<>(topic, listId, crafted)).get();
        }
    }
}
