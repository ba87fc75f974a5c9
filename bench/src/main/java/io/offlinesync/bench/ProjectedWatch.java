package io.offlinesync.bench;

import io.offlinesync.schemas.RegistrySerdes;
import io.offlinesync.schemas.avro.ListState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a projection topic (read_committed) from its current end, so it sees only what is projected after
 * it was opened, and waits until every list with a given id prefix shows a given listVersion.
 */
final class ProjectedWatch implements AutoCloseable {

    private final KafkaConsumer<String, ListState> consumer;

    ProjectedWatch(StackEndpoints stack, String topic) {
        Map<String, Object> config = new HashMap<>(RegistrySerdes.config(stack.registryUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        Deserializer<ListState> values = RegistrySerdes.<ListState>valueSerde(stack.registryUrl()).deserializer();
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before anything is loaded
    }

    /** Blocks until {@code lists} lists {@code prefix-<n>} reached {@code listVersion}; false on timeout. */
    boolean awaitAll(String prefix, int lists, long listVersion, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> versions = new HashMap<>();
        int done = 0;
        while (done < lists) {
            if (System.nanoTime() > deadline) {
                System.out.printf("timeout: %d of %d lists fully projected%n", done, lists);
                return false;
            }
            for (ConsumerRecord<String, ListState> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() == null || !r.key().startsWith(prefix + "-")) {
                    continue;
                }
                long before = versions.getOrDefault(r.key(), 0L);
                long now = r.value().getListVersion();
                versions.put(r.key(), Math.max(before, now));
                if (before < listVersion && now >= listVersion) {
                    done++;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
