package io.offlinesync.query.cluster;

import io.offlinesync.streams.ManagedStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsMetadata;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StoreLocator} over a running Kafka Streams application: {@code queryMetadataForKey} for the
 * placement, {@code allLocalStorePartitionLags} for the lag of local copies. The lags cost a request to
 * the broker (end offsets), so they are kept for {@code lagTtl}; only reads that fall back to a local
 * copy that is not a running active ask for them.
 */
public final class StreamsStoreLocator implements StoreLocator {

    private static final Logger log = LoggerFactory.getLogger(StreamsStoreLocator.class);
    private static final Serializer<String> KEYS = new StringSerializer();

    private record Lags(long at, Map<String, Map<Integer, LagInfo>> lags) {}

    private final ManagedStreams streams;
    private final HostInfo self;
    private final long lagTtlNanos;
    private volatile Lags lags; // null until first asked

    public StreamsStoreLocator(ManagedStreams streams, HostInfo self, Duration lagTtl) {
        this.streams = streams;
        this.self = self;
        this.lagTtlNanos = lagTtl.toNanos();
    }

    @Override
    public HostInfo self() {
        return self;
    }

    @Override
    public Optional<Placement> locate(String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.streams().queryMetadataForKey(store, key, KEYS);
        } catch (RuntimeException e) { // not started yet, shutting down, or failed
            log.debug("No metadata for {} of {}: {}", key, store, e.toString());
            return Optional.empty();
        }
        if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE || metadata.partition() < 0) {
            return Optional.empty();
        }
        HostInfo active = metadata.activeHost();
        if (active == null || active.equals(HostInfo.unavailable()) || active.port() < 0) {
            active = null;
        }
        return Optional.of(new Placement(metadata.partition(), active, List.copyOf(metadata.standbyHosts())));
    }

    @Override
    public OptionalLong localLag(List<String> stores, int partition) {
        Map<String, Map<Integer, LagInfo>> current = currentLags();
        long most = 0;
        for (String store : stores) {
            LagInfo lag = current.getOrDefault(store, Map.of()).get(partition);
            if (lag == null) {
                return OptionalLong.empty();
            }
            most = Math.max(most, Math.max(0, lag.offsetLag()));
        }
        return OptionalLong.of(most);
    }

    @Override
    public Set<String> instanceHosts() {
        Set<String> hosts = new java.util.HashSet<>();
        hosts.add(self.host());
        try {
            streams.streams().metadataForAllStreamsClients().forEach(instance -> hosts.add(instance.host()));
        } catch (RuntimeException e) { // not started yet, shutting down, or failed: only this instance is known
            log.debug("No metadata of the group: {}", e.toString());
        }
        return hosts;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("self", self.host() + ":" + self.port());
        out.put("state", streams.state().toString());
        List<Map<String, Object>> instances = new ArrayList<>();
        try {
            for (StreamsMetadata instance : streams.streams().metadataForAllStreamsClients()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("instance", instance.host() + ":" + instance.port());
                one.put("active", partitions(instance.topicPartitions()));
                one.put("standby", partitions(instance.standbyTopicPartitions()));
                instances.add(one);
            }
        } catch (RuntimeException e) {
            out.put("metadataError", e.toString());
        }
        out.put("instances", instances);
        Map<String, Map<Integer, Map<String, Long>>> local = new TreeMap<>();
        try {
            streams.streams().allLocalStorePartitionLags().forEach((store, byPartition) -> byPartition.forEach(
                    (partition, lag) -> local.computeIfAbsent(store, s -> new TreeMap<>()).put(partition, Map.of(
                            "position", lag.currentOffsetPosition(), "end", lag.endOffsetPosition(),
                            "lag", lag.offsetLag()))));
        } catch (RuntimeException e) {
            out.put("lagError", e.toString());
        }
        out.put("localCopies", local);
        return out;
    }

    /** "topic": [partitions] of a set of topic partitions. */
    private static Map<String, List<Integer>> partitions(Set<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        byTopic.values().forEach(list -> list.sort(null));
        return byTopic;
    }

    private Map<String, Map<Integer, LagInfo>> currentLags() {
        Lags known = lags;
        long now = System.nanoTime();
        if (known != null && now - known.at() < lagTtlNanos) {
            return known.lags();
        }
        synchronized (this) {
            known = lags;
            if (known != null && now - known.at() < lagTtlNanos) {
                return known.lags();
            }
            try {
                known = new Lags(System.nanoTime(), streams.streams().allLocalStorePartitionLags());
            } catch (RuntimeException e) { // the broker does not answer, or the application is not running
                log.info("Lags of the local stores unknown: {}", e.toString());
                known = new Lags(System.nanoTime(), Map.of());
            }
            lags = known;
            return known.lags();
        }
    }
}
