package io.offlinesync.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.LogEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** The physical limit of reading a topic here: a plain consumer, bytes only, read_committed, no group. */
final class RawConsumer {

    record Result(long records, double seconds) {}

    static Result readAll(StackEndpoints stack, String topic) {
        long[] t0 = {0};
        long[] records = {0};
        readEach(stack, topic, () -> t0[0] = System.nanoTime(), batch -> records[0] += batch.count());
        return new Result(records[0], (System.nanoTime() - t0[0]) / 1e9); // the reading only, not the setup
    }

    /**
     * The entries todo.events holds: a record is a segment of a sequenced batch's entries, so events per second are
     * records per second times this over the records. Read and decoded apart from any measured read.
     */
    static long entries(StackEndpoints stack) {
        Deserializer<LogEntry> values = ValueSerdes.registry(stack.registryUrl()).forType(LogEntry.class).deserializer();
        long[] entries = {0};
        readEach(stack, Topics.EVENTS, () -> { }, batch -> {
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                if (record.value() != null) {
                    entries[0] += EventCodec.entryCount(values.deserialize(Topics.EVENTS, record.headers(), record.value()));
                }
            }
        });
        return entries[0];
    }

    /**
     * Hands every poll of the whole topic, from its start to its end as of now, to {@code each}; {@code reading} runs
     * once the consumer is assigned and positioned, right before the first poll.
     */
    private static void readEach(StackEndpoints stack, String topic, Runnable reading,
                                 Consumer<ConsumerRecords<byte[], byte[]>> each) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            reading.run();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                each.accept(consumer.poll(Duration.ofMillis(200)));
            }
        }
    }
}
