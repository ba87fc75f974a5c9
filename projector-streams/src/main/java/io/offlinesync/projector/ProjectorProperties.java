package io.offlinesync.projector;

import io.offlinesync.projector.projection.FoldTuning;
import io.offlinesync.projector.sequencer.SequencerTopology;
import io.offlinesync.streams.BoundedRocksDbMemory;
import io.offlinesync.streams.RegistryConnection;
import io.offlinesync.domain.ListLimits;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code sync.*}; projector-streams.yml maps the environment (REGISTRY_URL, STATE_DIR, REPLICATION_FACTOR, COMMIT_INTERVAL) onto them.
 *
 * The Kafka settings are Spring Boot's {@code spring.kafka.*} (KAFKA_BOOTSTRAP_SERVERS, and for Kafka Streams
 * {@code spring.kafka.streams.properties.*}).
 *
 * @param stateDir          where Kafka Streams keeps its local stores
 * @param commitInterval    Kafka Streams commit interval of the projections (env COMMIT_INTERVAL): how often a
 *                          projected state becomes readable
 * @param sequencerCommitInterval the sequencer's commit interval (env SEQUENCER_COMMIT_INTERVAL; unset: the
 *                          commit interval): an accepted event becomes readable (catch-up, long-polls) only when
 *                          the sequencer's transaction commits; it commits early while it keeps up
 *                          ({@code EarlyCommit}), so this bounds the wait while it works through a backlog
 * @param replicationFactor of the internal (changelog) topics Kafka Streams creates
 * @param projections       the projection versions this service runs, each its own Kafka Streams
 *                          application (env PROJECTIONS, e.g. {@code v1,v2})
 * @param fold              how the projections batch their writes (env FOLD_FLUSH_INTERVAL,
 *                          FOLD_MAX_DIRTY_ITEMS, FOLD_CACHED_ITEMS; see {@link FoldTuning})
 * @param listLimits      every list's bounds, enforced by the sequencer (env LIST_MAX_CLIENTS, LIST_MAX_ITEMS,
 *                          LIST_MAX_STATE_BYTES, LIST_MAX_MEMBERS; see {@link ListLimits}); refused at startup if they
 *                          could let a state pass the record limit
 * @param standbyReplicas   {@code num.standby.replicas} of every application (env STANDBY_REPLICAS, default
 *                          0): with several instances, 1 keeps a warm copy of each task's state on another
 *                          instance, so the work of a killed instance resumes without restoring from scratch
 * @param segmentEntries    entries per todo.events record, at most (env SEGMENT_ENTRIES, 1 to 500, default 500):
 *                          the sequencer appends a batch's entries as one record, a segment; 1 writes one record
 *                          per entry, as before version 5 of the event schemas, for a rolling upgrade while readers
 *                          (projections, query-api) that predate it still run
 * @param rocksdbMemory     one memory budget for every RocksDB store of the process (env ROCKSDB_MEMORY; see
 *                          {@link BoundedRocksDbMemory})
 */
@ConfigurationProperties("sync")
public record ProjectorProperties(
        @DefaultValue RegistryConnection registry,
        @DefaultValue("${java.io.tmpdir}/offline-sync/projector-streams") String stateDir,
        @DefaultValue("100ms") Duration commitInterval,
        Duration sequencerCommitInterval,
        @DefaultValue("1") int replicationFactor,
        @DefaultValue("v1,v2") List<String> projections,
        @DefaultValue Fold fold,
        @DefaultValue("0") int standbyReplicas,
        @DefaultValue Limits listLimits,
        @DefaultValue("500") int segmentEntries,
        @DefaultValue(BoundedRocksDbMemory.DEFAULT_MEMORY) DataSize rocksdbMemory) {

    public ProjectorProperties {
        if (segmentEntries < 1 || segmentEntries > SequencerTopology.MAX_SEGMENT_ENTRIES) {
            throw new IllegalArgumentException("sync.segment-entries (SEGMENT_ENTRIES) must be 1 to "
                    + SequencerTopology.MAX_SEGMENT_ENTRIES + ", was " + segmentEntries);
        }
    }

    /** The sequencer's commit interval, or the commit interval when none is set. */
    public Duration sequencerCommitIntervalOrDefault() {
        return sequencerCommitInterval != null ? sequencerCommitInterval : commitInterval;
    }

    public record Limits(@DefaultValue("1000") int clients,
                         @DefaultValue("10000") int items,
                         @DefaultValue("1MB") DataSize stateBytes,
                         @DefaultValue("1000") int members) {

        public ListLimits toLimits() {
            return new ListLimits(clients, items, stateBytes.toBytes(), members);
        }
    }

    public record Fold(@DefaultValue("100ms") Duration flushInterval,
                       @DefaultValue("5000") long maxDirtyItems,
                       @DefaultValue("5000") long cachedItems) {

        public FoldTuning tuning() {
            return new FoldTuning(flushInterval, maxDirtyItems, cachedItems);
        }
    }
}
