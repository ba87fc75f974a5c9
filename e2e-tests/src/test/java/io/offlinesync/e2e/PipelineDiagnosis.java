package io.offlinesync.e2e;

import io.offlinesync.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What to print when the pipeline did not get somewhere in time, so that a failure on a CI machine can be
 * explained from its output alone: per partition of the log and of each projection, the end a
 * read_committed reader sees (LSO) against the log's end (a difference that stays means an open
 * transaction), and what the services' logs say about failed stream threads and state changes.
 */
final class PipelineDiagnosis {

    private PipelineDiagnosis() {
    }

    static String of(Platform platform) {
        StringBuilder out = new StringBuilder("pipeline diagnosis:\n");
        List<String> topics = new ArrayList<>(List.of(Topics.INBOX, Topics.EVENTS));
        platform.projections().forEach(version -> topics.add(Topics.lists(version)));
        try {
            for (String topic : topics) {
                out.append("  ").append(topic).append(" committed/end per partition: ").append(ends(platform, topic))
                        .append('\n');
            }
        } catch (RuntimeException e) {
            out.append("  topic ends not readable: ").append(e).append('\n');
        }
        try (Stream<Path> logs = Files.list(platform.work)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log).stream()
                        .filter(line -> line.contains("stream thread failed") || line.contains("ManagedStreams")
                                && line.contains(" -> ") || line.contains("ERROR"))
                        .map(line -> line.length() > 400 ? line.substring(0, 400) : line).toList();
                out.append("  ").append(log.getFileName()).append(": ").append(lines.size()).append(" lines of note\n");
                lines.stream().skip(Math.max(0, lines.size() - 40)).forEach(line -> out.append("    ").append(line)
                        .append('\n'));
            }
        } catch (IOException e) {
            out.append("  logs not readable: ").append(e).append('\n');
        }
        return out.toString();
    }

    private static String ends(Platform platform, String topic) {
        Properties committed = new Properties();
        committed.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap);
        committed.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Properties uncommitted = new Properties();
        uncommitted.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap);
        try (KafkaConsumer<byte[], byte[]> lso = new KafkaConsumer<>(committed, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaConsumer<byte[], byte[]> end = new KafkaConsumer<>(uncommitted, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = lso.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).sorted(
                            java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            Map<TopicPartition, Long> lsos = lso.endOffsets(partitions);
            Map<TopicPartition, Long> ends = end.endOffsets(partitions);
            StringBuilder text = new StringBuilder();
            partitions.forEach(p -> text.append(p.partition()).append('=').append(lsos.get(p)).append('/')
                    .append(ends.get(p)).append(' '));
            return text.toString().trim();
        }
    }
}
