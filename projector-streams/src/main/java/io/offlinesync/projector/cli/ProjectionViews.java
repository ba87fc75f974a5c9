package io.offlinesync.projector.cli;

import io.offlinesync.domain.projection.Projection;
import io.offlinesync.schemas.RegistrySerdes;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.schemas.projection.StoredProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every list's latest state in a projection's topic ({@code todo.lists.v2}, or a copy's {@code todo.lists.v2-check}),
 * read to the topic's current end and turned into the projection's view, plus its {@code listVersion}: what diff
 * and activate compare. The topic's records are decoded by the installed projection its name starts with.
 */
final class ProjectionViews {

    private ProjectionViews() {
    }

    /** The installed projection a name belongs to: {@code v2} for {@code v2} and {@code v2-check}. */
    static StoredProjection<?, ?> projectionOf(InstalledProjections installed, String name) {
        int dash = name.indexOf('-');
        return installed.require(dash < 0 ? name : name.substring(0, dash));
    }

    static Map<String, Map<String, Object>> read(String bootstrapServers, String registry, String name) {
        return read(bootstrapServers, registry, name, projectionOf(InstalledProjections.load(), name));
    }

    private static <S, R extends SpecificRecord> Map<String, Map<String, Object>> read(
            String bootstrapServers, String registry, String name, StoredProjection<S, R> stored) {
        InstalledProjections.trust(stored);
        String topic = Topics.lists(name);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        Map<String, R> latest = new HashMap<>();
        try (KafkaConsumer<String, R> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                RegistrySerdes.<R>valueSerde(registry).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist (replay " + name + " first)");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end);
                }
                for (ConsumerRecord<String, R> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                }
            }
        }
        Projection<S> projection = stored.projection();
        Map<String, Map<String, Object>> views = new HashMap<>();
        latest.forEach((listId, record) -> {
            S state = stored.fromRecord(record);
            if (projection.facts(state).created()) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("listVersion", projection.listVersion(state));
                view.putAll(projection.view(state));
                views.put(listId, view);
            }
        });
        return views;
    }
}
