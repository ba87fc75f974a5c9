package io.offlinesync.streams;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.offlinesync.streams.projections.TransactionMarkers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer-group lag per partition as Micrometer gauges: records of a topic after the offset a group
 * committed. Sampled on a schedule with the admin client (end offsets and committed offsets: two calls per
 * group, each with a deadline), so a scrape only reads numbers. On a topic written in transactions, a lag
 * of only commit markers counts as 0 (see {@link TransactionMarkers}). A gauge is NaN while its group's
 * lag cannot be read (broker away); a partition the group never committed counts from offset 0.
 */
public final class ConsumerLagGauges implements AutoCloseable {

    /** One group on one topic, published as {@code meter{tags..., partition}}. */
    public record Target(String meter, String description, Tags tags, String group, String topic,
                         boolean transactional) {}

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagGauges.class);
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(4);
    /** Only a small lag can be markers alone: at most one per transaction since the last commit. */
    private static final long MARKER_SUSPECT = 16;

    private final Admin admin;
    private final KafkaClients kafka;
    private final MeterRegistry registry;
    private final List<Target> targets;
    private final Duration interval;
    private final Map<Target, Map<Integer, Double>> lags = new ConcurrentHashMap<>();
    private final Set<Target> failing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private Consumer<byte[], byte[]> markerReader; // only on the scheduler's thread

    public ConsumerLagGauges(Admin admin, KafkaClients kafka, MeterRegistry registry, List<Target> targets,
                             Duration interval) {
        this.admin = admin;
        this.kafka = kafka;
        this.registry = registry;
        this.targets = List.copyOf(targets);
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("consumer-lag").factory());
        this.targets.forEach(target -> lags.put(target, new ConcurrentHashMap<>()));
    }

    public ConsumerLagGauges start() {
        scheduler.scheduleWithFixedDelay(this::sampleAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The last sampled lag of {@code target} per partition (NaN while unknown). */
    public Map<Integer, Double> lag(Target target) {
        return Map.copyOf(lags.get(target));
    }

    void sampleAll() {
        for (Target target : targets) {
            try {
                publish(target, sample(target));
                if (failing.remove(target)) {
                    log.info("Lag of {} on {} readable again", target.group(), target.topic());
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                lags.get(target).replaceAll((partition, lag) -> Double.NaN);
                if (failing.add(target)) {
                    log.warn("Lag of {} on {} not readable: {}", target.group(), target.topic(), e.toString());
                }
            }
        }
    }

    private Map<Integer, Long> sample(Target target) throws Exception {
        long deadline = CALL_DEADLINE.toMillis();
        int partitions = admin.describeTopics(List.of(target.topic())).allTopicNames()
                .get(deadline, TimeUnit.MILLISECONDS).get(target.topic()).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(target.topic(), p), OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest).all().get(deadline, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(target.group())
                .partitionsToOffsetAndMetadata().get(deadline, TimeUnit.MILLISECONDS);
        Map<Integer, Long> result = new HashMap<>();
        Map<TopicPartition, Long> suspects = new HashMap<>();
        ends.forEach((tp, end) -> {
            OffsetAndMetadata at = committed.get(tp);
            long position = at == null ? 0 : at.offset();
            long lag = Math.max(0, end.offset() - position);
            result.put(tp.partition(), lag);
            if (target.transactional() && lag > 0 && lag <= MARKER_SUSPECT) {
                suspects.put(tp, position);
            }
        });
        if (!suspects.isEmpty()) {
            TransactionMarkers.onlyMarkersAfter(markerReader(), suspects, Duration.ofSeconds(1))
                    .forEach(tp -> result.put(tp.partition(), 0L));
        }
        return result;
    }

    private void publish(Target target, Map<Integer, Long> sampled) {
        Map<Integer, Double> values = lags.get(target);
        sampled.forEach((partition, lag) -> {
            if (values.put(partition, lag.doubleValue()) == null) {
                Gauge.builder(target.meter(), values, v -> v.getOrDefault(partition, Double.NaN))
                        .description(target.description())
                        .tags(target.tags().and("partition", Integer.toString(partition)))
                        .register(registry);
            }
        });
    }

    private Consumer<byte[], byte[]> markerReader() {
        if (markerReader == null) {
            markerReader = kafka.newConsumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.CLIENT_ID_CONFIG, "consumer-lag-markers",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return markerReader;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (markerReader != null) {
            markerReader.close(Duration.ofSeconds(2));
        }
    }
}
