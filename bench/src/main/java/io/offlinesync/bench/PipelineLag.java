package io.offlinesync.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.ListOffsetsOptions;

/**
 * How far the pipeline is behind, in records: the sequencer's group on todo.inbox (batches) plus the live
 * projection's and the query-api's groups on todo.events (records: one per sequenced batch), each against the topic's committed end.
 * A group with no commit on a partition counts from the partition's start. Zero when everything is read.
 */
final class PipelineLag implements AutoCloseable {

    /** group, topic: what must be read for a push to be visible. */
    private static final List<String[]> READERS = List.of(new String[] {"todo-sequencer", "todo.inbox"},
            new String[] {"todo-projection-v1", "todo.events"}, new String[] {"todo-query-api", "todo.events"});

    private final Admin admin;

    PipelineLag(StackEndpoints stack) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** The sum of the three groups' lags now (-1 if the broker did not answer). */
    long total() {
        long[] each = each();
        return each == null ? -1 : each[0] + each[1] + each[2];
    }

    /**
     * Each group's lag now, in the order of {@link #READERS}: the sequencer on todo.inbox (batches), projection v1
     * and the query-api on todo.events (records); null if the broker did not answer.
     */
    long[] each() {
        try {
            long[] lags = new long[READERS.size()];
            for (int i = 0; i < lags.length; i++) {
                lags[i] = lag(READERS.get(i)[0], READERS.get(i)[1]);
            }
            return lags;
        } catch (Exception e) {
            return null;
        }
    }

    private long lag(String group, String topic) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())), committed)
                .all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest())), committed)
                .all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition p : partitions) {
            OffsetAndMetadata at = read.get(p);
            long position = at != null ? at.offset() : starts.get(p).offset();
            // todo.events is written in transactions: its end is one past the last commit marker, which a reader's
            // committed offset never passes, so one record of lag there is nothing left to read
            long marker = topic.equals("todo.events") ? 1 : 0;
            lag += Math.max(0, ends.get(p).offset() - position - marker);
        }
        return lag;
    }

    /** Waits until the total lag is at most {@code bound}; false if {@code timeout} passed first. */
    boolean awaitAtMost(long bound, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long now = total();
            if (now >= 0 && now <= bound) {
                return true;
            }
            LockSupport.parkNanos(200_000_000L);
        }
        return false;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
