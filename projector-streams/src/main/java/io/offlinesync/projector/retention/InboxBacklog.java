package io.offlinesync.projector.retention;

import io.offlinesync.streams.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the retention rule needs from the cluster: the topic's {@code retention.ms} (admin client) and,
 * per partition, the timestamp of the record at the group's committed offset (the oldest not consumed).
 * Not thread-safe: one sampling thread uses it.
 */
final class InboxBacklog implements AutoCloseable {

    /** One look: the topic's retention and each partition's backlog. */
    record Sample(long retentionMs, Map<Integer, InboxRetentionRule.Backlog> partitions) {}

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final Admin admin;
    private final String topic;
    private final String group;
    private final Consumer<byte[], byte[]> reader;

    InboxBacklog(Admin admin, KafkaClients kafka, String topic, String group) {
        this.admin = admin;
        this.topic = topic;
        this.group = group;
        this.reader = kafka.newConsumer(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "projector-streams-inbox-retention",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    Sample sample() throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource);
        long retentionMs = Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG).value());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> partitions = reader.partitionsFor(topic, DEADLINE).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, Long> starts = reader.beginningOffsets(partitions, DEADLINE);
        Map<TopicPartition, Long> ends = reader.endOffsets(partitions, DEADLINE);

        Map<Integer, InboxRetentionRule.Backlog> backlogs = new HashMap<>();
        Map<TopicPartition, Long> toRead = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long start = starts.get(partition);
            // a partition the group never committed is consumed from the earliest offset
            long next = offset == null ? start : offset.offset();
            if (next >= ends.get(partition)) {
                backlogs.put(partition.partition(), InboxRetentionRule.Backlog.none());
            } else if (next < start) {
                backlogs.put(partition.partition(), InboxRetentionRule.Backlog.lost());
            } else {
                toRead.put(partition, next);
            }
        }
        backlogs.putAll(oldestTimestamps(toRead));
        return new Sample(retentionMs, backlogs);
    }

    /** The timestamp of the first record at or after each offset. */
    private Map<Integer, InboxRetentionRule.Backlog> oldestTimestamps(Map<TopicPartition, Long> from) {
        Map<Integer, InboxRetentionRule.Backlog> found = new HashMap<>();
        if (from.isEmpty()) {
            return found;
        }
        reader.assign(from.keySet());
        from.forEach(reader::seek);
        Instant until = Instant.now().plus(DEADLINE);
        while (found.size() < from.size() && Instant.now().isBefore(until)) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                found.putIfAbsent(record.partition(), InboxRetentionRule.Backlog.oldest(record.timestamp()));
            }
            // stop fetching a partition once its oldest record is known
            reader.pause(from.keySet().stream().filter(p -> found.containsKey(p.partition())).toList());
        }
        reader.assign(List.of());
        if (found.size() < from.size()) {
            throw new IllegalStateException("could not read the oldest unsequenced records of " + topic
                    + " within " + DEADLINE);
        }
        return found;
    }

    @Override
    public void close() {
        reader.close(Duration.ofSeconds(2));
    }
}
