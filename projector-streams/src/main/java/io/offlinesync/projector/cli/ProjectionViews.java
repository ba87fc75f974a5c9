package io.offlinesync.projector.cli;

import io.offlinesync.domain.projection.Projection;
import io.offlinesync.schemas.RegistrySerdes;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.schemas.projection.StoredProjection;
import io.offlinesync.streams.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every list's latest state in two projections' topics ({@code todo.lists.v2}, or a copy's
 * {@code todo.lists.v2-check}), read to the topics' current end, turned into each projection's view (plus its
 * {@code listVersion}) and compared: what diff and activate do. Each topic's records are decoded by the installed
 * projection its name starts with.
 *
 * <p>Partition by partition: both topics are keyed by listId with todo.events' partitions (whoever creates them gives
 * them as many), so a list's states sit in the same partition of each, and memory holds one partition's states of
 * each at a time. Holding both topics whole ran the operator's 384 MB JVM out of memory at 10,000 lists of 100 items.
 * Topics of different partition counts are read whole.
 */
final class ProjectionViews {

    private final KafkaClients kafka;
    private final String registry;

    ProjectionViews(KafkaClients kafka, String registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** The installed projection a name belongs to: {@code v2} for {@code v2} and {@code v2-check}. */
    static StoredProjection<?, ?> projectionOf(InstalledProjections installed, String name) {
        int dash = name.indexOf('-');
        return installed.require(dash < 0 ? name : name.substring(0, dash));
    }

    /** {@code from} and {@code to} compared list by list, {@code show} examples kept. */
    ViewsComparison compare(String from, String to, int show) {
        InstalledProjections installed = InstalledProjections.load();
        StoredProjection<?, ?> a = projectionOf(installed, from);
        StoredProjection<?, ?> b = projectionOf(installed, to);
        InstalledProjections.trust(a);
        InstalledProjections.trust(b);
        ViewsComparison comparison = new ViewsComparison(from, to, show);
        Deserializer<SpecificRecord> records = RegistrySerdes.<SpecificRecord>valueSerde(registry).deserializer();
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> left = partitions(consumer, from);
            List<TopicPartition> right = partitions(consumer, to);
            if (left.size() != right.size()) {
                compare(comparison, records, a, latest(consumer, left), b, latest(consumer, right));
                return comparison;
            }
            for (int p = 0; p < left.size(); p++) {
                compare(comparison, records, a, latest(consumer, List.of(left.get(p))), b,
                        latest(consumer, List.of(right.get(p))));
            }
        }
        return comparison;
    }

    /**
     * List by list, each state decoded and turned into its view only for its comparison: the topics' bytes are a
     * tenth of their decoded records (measured: 10,000 lists of 100 items, 7 MB a partition on disk, did not fit
     * 512 MB decoded).
     */
    private static void compare(ViewsComparison comparison, Deserializer<SpecificRecord> records,
                                StoredProjection<?, ?> a, Map<String, byte[]> left,
                                StoredProjection<?, ?> b, Map<String, byte[]> right) {
        TreeSet<String> lists = new TreeSet<>(left.keySet());
        lists.addAll(right.keySet());
        for (String listId : lists) {
            Map<String, Object> x = view(a, decoded(records, a, left.remove(listId)));
            Map<String, Object> y = view(b, decoded(records, b, right.remove(listId)));
            if (x != null || y != null) {
                comparison.add(listId, x, y);
            }
        }
    }

    private static SpecificRecord decoded(Deserializer<SpecificRecord> records, StoredProjection<?, ?> stored,
                                          byte[] bytes) {
        return bytes == null ? null : records.deserialize(Topics.lists(stored.name()), bytes);
    }

    private Consumer<String, byte[]> consumer() {
        return kafka.newConsumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(Consumer<String, byte[]> consumer, String name) {
        String topic = Topics.lists(name);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).sorted(
                        java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist (replay " + name + " first)");
        }
        return partitions;
    }

    /** The latest record of every list in {@code partitions}, as bytes. */
    private static Map<String, byte[]> latest(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        Map<String, byte[]> latest = new HashMap<>();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("could not read " + partitions + " to their end " + end);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    latest.remove(record.key());
                } else {
                    latest.put(record.key(), record.value());
                }
            }
        }
        return latest;
    }

    /** The record's state as its projection's view plus its listVersion; null for none, or a list not created. */
    private static <S, R extends SpecificRecord> Map<String, Object> view(StoredProjection<S, R> stored,
                                                                         SpecificRecord record) {
        if (record == null) {
            return null;
        }
        Projection<S> projection = stored.projection();
        S state = stored.fromRecord(stored.recordType().cast(record));
        if (!projection.facts(state).created()) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("listVersion", projection.listVersion(state));
        view.putAll(projection.view(state));
        return view;
    }
}
