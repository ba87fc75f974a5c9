package io.offlinesync.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.LogEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * When each sequenced entry became readable in {@code todo.events} (read_committed, as the query-api reads it), seen
 * from the load generator's clock: it splits a push-to-visible time into the sequencer's part (202 to committed in
 * the log) and the query-api's (committed to the long-poll's answer). A plain consumer from the log's end, no group;
 * its own fetch wait is part of neither (the broker answers a waiting fetch as soon as a commit moves the stable end).
 */
final class LogArrivals implements AutoCloseable {

    /** listId -> (last listVersion of a record -> System.nanoTime() it was polled) */
    private final Map<String, ConcurrentSkipListMap<Long, Long>> arrivals = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<LogEntry> values;
    private final Thread reader;
    private volatile boolean running = true;

    LogArrivals(StackEndpoints stack) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        values = ValueSerdes.registry(stack.registryUrl()).forType(LogEntry.class).deserializer();
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS).stream()
                .map(p -> new TopicPartition(Topics.EVENTS, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // positioned before the first push, so nothing is missed
        reader = Thread.ofPlatform().name("log-arrivals").daemon().start(this::read);
    }

    private void read() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.value() != null) {
                        long last = EventCodec.lastVersion(values.deserialize(Topics.EVENTS, record.headers(), record.value()));
                        arrivals.computeIfAbsent(record.key(), k -> new ConcurrentSkipListMap<>()).putIfAbsent(last, now);
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() below
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    /** When {@code listId}'s entry {@code version} was first readable in the log, or -1 if it was not seen. */
    long readableAt(String listId, long version) {
        var list = arrivals.get(listId);
        var at = list == null ? null : list.ceilingEntry(version);
        return at == null ? -1 : at.getValue();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(Duration.ofSeconds(10));
    }
}
