package io.offlinesync.bench;

import io.offlinesync.projector.projection.ProjectionTarget;
import io.offlinesync.projector.projection.ProjectionMeters;
import io.offlinesync.projector.projection.ProjectionTopology;
import io.offlinesync.projector.projection.ReplayTuning;
import io.offlinesync.schemas.SchemaRegistrar;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.streams.StreamsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Rebuilds a projection (v1 unless told; any installed one, v3 with examples/archive-projection) from todo.events under a fresh application id into a fresh output topic, in
 * this JVM, with the product's topology and a replay's settings ({@link ReplayTuning}: exactly-once, a thread per
 * core, a commit per second; {@code tuning=live} runs the live projector's one thread and 100 ms). The baseline
 * is a raw consumer reading the same topic. Both, and the temporary topics, are cleaned up after.
 */
final class ReplayBench {

    static void run(StackEndpoints stack, Duration timeout, String projection, boolean liveTuning) throws Exception {
        RawConsumer.Result raw = RawConsumer.readAll(stack, Topics.EVENTS);
        // a record is a segment of entries (one per sequenced batch): rates are in entries, the events a replay folds
        long entries = RawConsumer.entries(stack);
        double perRecord = raw.records() == 0 ? 1 : (double) entries / raw.records();
        System.out.printf("RESULT replay-baseline records=%d entries=%d seconds=%.2f events_per_s=%.0f%n",
                raw.records(), entries, raw.seconds(), entries / raw.seconds());

        // a copy under a fresh name: what `./projections replay --version N --copy NAME` builds
        ProjectionTarget target = new ProjectionTarget(InstalledProjections.load().require(projection),
                "bench" + System.currentTimeMillis());
        String applicationId = target.applicationId();
        String output = target.topic();
        Path stateDir = Files.createTempDirectory(applicationId);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap()))) {
            int partitions = admin.describeTopics(List.of(Topics.EVENTS)).allTopicNames().get()
                    .get(Topics.EVENTS).partitions().size();
            ReplayTuning tuning = liveTuning ? ReplayTuning.live() : ReplayTuning.defaults(partitions);
            admin.createTopics(List.of(new NewTopic(output, partitions, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", "2097152")))).all().get();
            new SchemaRegistrar(stack.registryUrl()).registerAll(target.subjects(), Duration.ofSeconds(30));
            Properties props = tuning.applyTo(new StreamsSettings(stack.bootstrap(), applicationId, stateDir.toString(),
                    true, tuning.commitInterval(), 1, null).toProperties());
            KafkaStreams streams = new KafkaStreams(ProjectionTopology.build(target,
                    ValueSerdes.registry(stack.registryUrl()), tuning.fold(), ProjectionMeters.unregistered(projection)),
                    props);
            long t0 = System.nanoTime();
            streams.start();
            long deadline = t0 + timeout.toNanos();
            double processed = 0;
            long firstSeen = 0; // when the stream threads were first seen past their start: rebalance, restore, first fetch
            double processedAtFirst = 0;
            while (processed < raw.records() && System.nanoTime() < deadline) {
                Thread.sleep(100); // polling a metric, not synchronizing a test
                processed = processTotal(streams);
                if (firstSeen == 0 && processed > 0) {
                    firstSeen = System.nanoTime();
                    processedAtFirst = processed;
                }
            }
            long end = System.nanoTime();
            double seconds = (end - t0) / 1e9;
            double folding = firstSeen == 0 ? 0 : (end - firstSeen) / 1e9;
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            StateDirectories.delete(stateDir);
            double events = processed * perRecord;
            System.out.printf("RESULT replay projection=" + projection + " threads=%d commit_ms=%d records=%.0f events=%.0f complete=%s seconds=%.2f events_per_s=%.0f (includes startup) folding_s=%.2f folding_events_per_s=%.0f%n",
                    tuning.threads(), tuning.commitInterval().toMillis(), processed, events, processed >= raw.records(),
                    seconds, events / seconds, folding, folding == 0 ? 0 : (processed - processedAtFirst) * perRecord / folding);
            List<String> topics = new java.util.ArrayList<>(target.changelogTopics());
            topics.add(output);
            admin.deleteTopics(topics).all().get();
            admin.deleteConsumerGroups(List.of(applicationId)).all().get();
        }
    }

    /** Records the stream thread has processed so far (its process-total metric). */
    static double processTotal(KafkaStreams streams) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
            if (m.getKey().name().equals("process-total") && m.getKey().group().equals("stream-thread-metrics")) {
                total += ((Number) m.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }
}
