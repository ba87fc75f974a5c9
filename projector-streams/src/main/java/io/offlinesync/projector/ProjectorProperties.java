package io.offlinesync.projector;

import io.offlinesync.projector.projection.FoldTuning;
import io.offlinesync.streams.KafkaConnection;
import io.offlinesync.streams.RegistryConnection;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code sync.*}; projector-streams.yml maps the environment (KAFKA_BOOTSTRAP_SERVERS,
 * REGISTRY_URL, STATE_DIR, REPLICATION_FACTOR, COMMIT_INTERVAL) onto them.
 *
 * @param stateDir          where Kafka Streams keeps its local stores
 * @param commitInterval    Kafka Streams commit interval: the floor of write-to-visible latency
 * @param replicationFactor of the internal (changelog) topics Kafka Streams creates
 * @param projections       the projection versions this service runs, each its own Kafka Streams
 *                          application (env PROJECTIONS, e.g. {@code v1,v2})
 * @param fold              how the projections batch their writes (env FOLD_FLUSH_INTERVAL,
 *                          FOLD_MAX_DIRTY_ITEMS, FOLD_CACHED_ITEMS; see {@link FoldTuning})
 * @param standbyReplicas   {@code num.standby.replicas} of every application (env STANDBY_REPLICAS, default
 *                          0): with several instances, 1 keeps a warm copy of each task's state on another
 *                          instance, so the work of a killed instance resumes without restoring from scratch
 */
@ConfigurationProperties("sync")
public record ProjectorProperties(
        @DefaultValue KafkaConnection kafka,
        @DefaultValue RegistryConnection registry,
        @DefaultValue("${java.io.tmpdir}/offline-sync/projector-streams") String stateDir,
        @DefaultValue("100ms") Duration commitInterval,
        @DefaultValue("1") int replicationFactor,
        @DefaultValue("v1,v2") List<String> projections,
        @DefaultValue Fold fold,
        @DefaultValue("0") int standbyReplicas) {

    public record Fold(@DefaultValue("100ms") Duration flushInterval,
                       @DefaultValue("5000") long maxDirtyItems,
                       @DefaultValue("5000") long cachedItems) {

        public FoldTuning tuning() {
            return new FoldTuning(flushInterval, maxDirtyItems, cachedItems);
        }
    }
}
