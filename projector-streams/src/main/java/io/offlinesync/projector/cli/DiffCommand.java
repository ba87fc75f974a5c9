package io.offlinesync.projector.cli;

import io.offlinesync.schemas.RegistrySerdes;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.ListState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "diff", sortOptions = false,
        description = {"Reads two projections' topics to their end and compares, for every list, the fields both "
                + "versions share (title, policy, listVersion, items' visible fields).",
                "Exit code 0 only when no list differs, 1 when some do."})
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    ProjectionsCommand root;

    @picocli.CommandLine.Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "a projection name: v1, v2, v1-check, ...")
    String from;

    @Option(names = "--to", required = true, description = "a projection name: v1, v2, v1-check, ...")
    String to;

    @Option(names = "--show", defaultValue = "5", description = "how many differing lists to print (default: 5)")
    int show;

    @Override
    public Integer call() {
        Map<String, ListState> a = latest(Topics.lists(from));
        Map<String, ListState> b = latest(Topics.lists(to));
        TreeSet<String> lists = new TreeSet<>(a.keySet());
        lists.addAll(b.keySet());
        PrintWriter out = spec.commandLine().getOut();
        int differing = 0;
        for (String listId : lists) {
            List<String> fields = ListStateDiff.differences(a.get(listId), b.get(listId));
            if (!fields.isEmpty()) {
                if (differing < show) {
                    out.printf("  %s: %s%n", listId, String.join("; ", fields));
                }
                differing++;
            }
        }
        out.printf("%d of %d lists differ between %s and %s%n", differing, lists.size(), from, to);
        out.flush();
        return differing == 0 ? 0 : 1;
    }

    /** The latest state per list of a compacted topic, read from the beginning to its current end. */
    private Map<String, ListState> latest(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, root.bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        Map<String, ListState> latest = new HashMap<>();
        try (KafkaConsumer<String, ListState> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                RegistrySerdes.<ListState>valueSerde(root.registry).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end);
                }
                for (ConsumerRecord<String, ListState> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                }
            }
        }
        return latest;
    }
}
