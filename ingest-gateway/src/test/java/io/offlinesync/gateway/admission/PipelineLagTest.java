package io.offlinesync.gateway.admission;

import io.offlinesync.streams.KafkaClients;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.streams.MonitoringAdmin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.offlinesync.testing.EmbeddedBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The lag as PipelineLag reads it from a real (in-JVM KRaft) broker: end offsets minus the groups' commits,
 * summed over the partitions; a partition without a commit, or a commit below what retention kept, counts from
 * the partition's start offset. Without a broker, or without the topic, a reading fails within its deadline.
 */
class PipelineLagTest {

    private static EmbeddedKafkaKraftBroker broker;
    private static MonitoringAdmin monitoring;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(2);
        monitoring = new MonitoringAdmin(KafkaClients.of(broker.getBrokersAsString()), "pipeline-lag-test");
        admin = monitoring.admin();
    }

    @AfterAll
    static void stopBroker() {
        monitoring.close();
        broker.destroy();
    }

    /** Records the readings, or why there was none. */
    static final class Readings implements PipelineLag.Listener {
        final List<LagReading> read = new CopyOnWriteArrayList<>();
        final List<String> failed = new CopyOnWriteArrayList<>();

        @Override
        public void read(LagReading reading) {
            read.add(reading);
        }

        @Override
        public void unreadable(String why, long atNanos) {
            failed.add(why);
        }
    }

    private static void produce(String topic, int partition, int records) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.getBrokersAsString()), new StringSerializer(), new StringSerializer())) {
            for (int k = 0; k < records; k++) {
                producer.send(new ProducerRecord<>(topic, partition, "list", "record " + k)).get();
            }
        }
    }

    private static void commit(String group, String topic, int partition, long offset) throws Exception {
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, partition),
                new OffsetAndMetadata(offset))).all().get();
    }

    private static void deleteBefore(String topic, int partition, long offset) throws Exception {
        admin.deleteRecords(Map.of(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(offset)))
                .all().get();
    }

    @Test
    void theLagIsEndMinusCommitSummedAndAPartitionWithoutACommitCountsFromItsStart() throws Exception {
        admin.createTopics(List.of(new NewTopic("lag.inbox", 2, (short) 1), new NewTopic("lag.events", 2, (short) 1)))
                .all().get();
        produce("lag.inbox", 0, 10);
        produce("lag.inbox", 1, 4);
        produce("lag.events", 0, 6);
        produce("lag.events", 1, 3);
        Readings readings = new Readings();
        try (PipelineLag lag = new PipelineLag(admin, new PipelineLag.Target("lag.inbox", "sequencer"),
                new PipelineLag.Target("lag.events", "query"), Duration.ofSeconds(10), readings)) {
            // neither group exists: everything from offset 0
            assertThat(lag.read()).extracting(LagReading::inboxLag, LagReading::eventsLag).containsExactly(14L, 9L);

            // the sequencer committed partition 0 up to 3, nothing of partition 1: 7 + 4, at 3 + 0
            commit("sequencer", "lag.inbox", 0, 3);
            assertThat(lag.read()).extracting(LagReading::inboxLag, LagReading::inboxPosition).containsExactly(11L, 3L);

            // retention took partition 1's first 2 records: what is gone is nobody's lag (7 + 2); nor is a commit
            // below the start offset (the group will be moved past it)
            deleteBefore("lag.inbox", 1, 2);
            assertThat(lag.read()).extracting(LagReading::inboxLag, LagReading::inboxPosition).containsExactly(9L, 5L);
            commit("sequencer", "lag.inbox", 1, 1);
            assertThat(lag.read()).extracting(LagReading::inboxLag, LagReading::inboxPosition).containsExactly(9L, 5L);

            // the query-api's group has never committed, and retention took the log's start: from the start
            deleteBefore("lag.events", 0, 5);
            assertThat(lag.read()).extracting(LagReading::eventsLag, LagReading::eventsPosition)
                    .containsExactly(1L + 3L, 5L);
            commit("query", "lag.events", 1, 3);
            assertThat(lag.read().eventsLag()).isEqualTo(1);

            // caught up everywhere: 0; a commit beyond the end (a topic created again) is no negative lag
            commit("sequencer", "lag.inbox", 0, 10);
            commit("sequencer", "lag.inbox", 1, 400);
            commit("query", "lag.events", 0, 6);
            assertThat(lag.read()).extracting(LagReading::inboxLag, LagReading::eventsLag).containsExactly(0L, 0L);

            // the scheduled readings reach the listener
            lag.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !readings.read.isEmpty());
            assertThat(readings.read.getFirst()).extracting(LagReading::inboxLag, LagReading::eventsLag)
                    .containsExactly(0L, 0L);
            assertThat(readings.failed).isEmpty();
        }
    }

    @Test
    void aMissingTopicIsAFailedReadingNamingIt() {
        Readings readings = new Readings();
        try (PipelineLag lag = new PipelineLag(admin, new PipelineLag.Target("no.such.inbox", "sequencer"),
                new PipelineLag.Target("no.such.events", "query"), Duration.ofSeconds(10), readings)) {
            lag.readNow();
        }
        assertThat(readings.read).isEmpty();
        assertThat(readings.failed).singleElement().asString().startsWith("UnknownTopicOrPartitionException");
    }

    @Test
    void withoutABrokerAReadingFailsWithinItsInterval() {
        Readings readings = new Readings();
        try (MonitoringAdmin nowhere = new MonitoringAdmin(KafkaClients.of("127.0.0.1:1"), "pipeline-lag-nowhere");
             PipelineLag lag = new PipelineLag(nowhere.admin(), new PipelineLag.Target("todo.inbox", "todo-sequencer"),
                     new PipelineLag.Target("todo.events", "todo-query-api"), Duration.ofMillis(500), readings)) {
            long start = System.nanoTime();
            lag.readNow();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        assertThat(readings.read).isEmpty();
        assertThat(readings.failed).singleElement().asString().contains("Timeout");
    }
}
