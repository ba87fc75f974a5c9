package io.offlinesync.projector.projection;

import io.offlinesync.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@link EventsPartitionReader} on the brokers: a plain consumer, read_committed like the application's own,
 * outside any group (assign and seek), that only looks up the application's committed offset and never
 * commits. Its settings are the application's (bootstrap servers, security, client settings and the
 * {@code consumer.}-prefixed ones), minus those that concern group membership.
 *
 * <p>Each wait is bounded by {@code timeout}: finding the committed offset, and any stretch of polls that
 * makes no progress. Past it, it throws a {@link TimeoutException} (retriable), which fails the task's
 * initialization and so the stream thread; a new thread starts again from the last commit, marker and all. A
 * marker below the start of the log (entries deleted) throws too ({@code auto.offset.reset=none}): those
 * entries cannot be folded any more, and going on without them would lose them silently.
 */
public final class KafkaEventsPartitionReader implements EventsPartitionReader {

    /** Settings the reader decides itself, whatever the application was given. */
    private static final Set<String> OWN = Set.of(ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.GROUP_PROTOCOL_CONFIG,
            ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, ConsumerConfig.CLIENT_ID_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

    private final Duration timeout;

    /** Waits of at most 30 seconds. */
    public KafkaEventsPartitionReader() {
        this(Duration.ofSeconds(30));
    }

    public KafkaEventsPartitionReader(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public long read(String applicationId, Map<String, Object> appConfigs, int partition, long from,
                     Consumer<ConsumerRecord<byte[], byte[]>> each) {
        TopicPartition events = new TopicPartition(Topics.EVENTS, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                consumerConfig(appConfigs, applicationId, applicationId + "-fold-reread-" + partition))) {
            consumer.assign(List.of(events));
            OffsetAndMetadata committed = consumer.committed(Set.of(events), timeout).get(events);
            if (committed == null || committed.offset() <= from) {
                return 0;
            }
            long until = committed.offset();
            consumer.seek(events, from);
            long read = 0;
            long position = from;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (position < until) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("reading " + events + " up to offset " + until + " (committed by "
                            + applicationId + ") made no progress past offset " + position + " in " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record
                        : consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(500).toNanos())))) {
                    if (record.offset() < until) {
                        each.accept(record);
                        read++;
                    }
                }
                long now = consumer.position(events, timeout); // past commit markers and aborted records too
                if (now > position) {
                    position = now;
                    deadline = System.nanoTime() + timeout.toNanos();
                }
            }
            return read;
        }
    }

    /**
     * The application's settings a consumer knows, then its {@code consumer.}-prefixed ones without the prefix,
     * then the reader's own: group {@code applicationId} only to look up the committed offset, no automatic
     * commit, read_committed, no offset reset.
     */
    static Map<String, Object> consumerConfig(Map<String, Object> appConfigs, String applicationId, String clientId) {
        Set<String> known = ConsumerConfig.configNames();
        Map<String, Object> config = new HashMap<>();
        appConfigs.forEach((key, value) -> {
            if (value != null && known.contains(key)) {
                config.put(key, value);
            }
        });
        appConfigs.forEach((key, value) -> {
            if (value != null && key.startsWith(StreamsConfig.CONSUMER_PREFIX)) {
                String stripped = key.substring(StreamsConfig.CONSUMER_PREFIX.length());
                if (known.contains(stripped)) {
                    config.put(stripped, value);
                }
            }
        });
        config.keySet().removeAll(OWN);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, applicationId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
