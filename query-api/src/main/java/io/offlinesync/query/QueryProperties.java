package io.offlinesync.query;

import io.offlinesync.streams.BoundedRocksDbMemory;
import io.offlinesync.streams.RegistryConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code sync.*}; query-api.yml maps the environment (REGISTRY_URL, STATE_DIR, REPLICATION_FACTOR, COMMIT_INTERVAL, QUERY_API_ADVERTISED_URL,
 * STANDBY_REPLICAS, MAX_STANDBY_LAG, FORWARD_TIMEOUT, CLUSTER_TOKEN, and the read bounds of {@link ReadLimits})
 * onto them. The Kafka settings are Spring Boot's {@code spring.kafka.*} (KAFKA_BOOTSTRAP_SERVERS, and for Kafka
 * Streams {@code spring.kafka.streams.properties.*}).
 *
 * @param stateDir          where Kafka Streams keeps its local stores
 * @param commitInterval    Kafka Streams commit interval: the floor of write-to-visible latency
 * @param replicationFactor of the internal (changelog) topics Kafka Streams creates
 * @param projections       the projections this instance materializes and can serve (env PROJECTIONS);
 *                          which one it serves by default is the todo.projections record
 * @param advertisedUrl     this instance's base URL as the other query-api instances reach it (env
 *                          QUERY_API_ADVERTISED_URL, e.g. {@code http://10.0.0.5:8082}). Set, the instance is
 *                          one of a group: its {@code host:port} is Kafka Streams' {@code application.server},
 *                          and a read of a list whose partition another instance owns is forwarded there.
 *                          Unset (the default), it reads its own stores only, as a single instance
 * @param standbyReplicas   {@code num.standby.replicas} (env STANDBY_REPLICAS); unset: 1 with an advertised
 *                          URL, else 0
 * @param maxStandbyLag     the most changelog records a copy that is not a running active store (a standby,
 *                          or an active one still restoring) may be behind to answer a read (env
 *                          MAX_STANDBY_LAG); negative: such a copy never answers (503 until the owner is back)
 * @param forwardTimeout    how long a forwarded read may take (connecting: at most 2 s of it), beyond the
 *                          long-poll wait it asks for (env FORWARD_TIMEOUT)
 * @param clusterToken      a secret every instance of the group shares (env CLUSTER_TOKEN): sent with each forwarded
 *                          read, and required of a read that says it was forwarded ({@code X-Query-Forwarded-By})
 *                          for it to be answered from this instance's copies. Unset: such a read is honoured
 *                          only from the address of an instance of the group (Kafka Streams' metadata)
 * @param reads             the bounds of the reads
 * @param rocksdbMemory     one memory budget for every RocksDB store of the process (env ROCKSDB_MEMORY; see
 *                          {@link BoundedRocksDbMemory})
 */
@ConfigurationProperties("sync")
public record QueryProperties(
        @DefaultValue RegistryConnection registry,
        @DefaultValue("${java.io.tmpdir}/offline-sync/query-api") String stateDir,
        @DefaultValue("100ms") Duration commitInterval,
        @DefaultValue("1") int replicationFactor,
        @DefaultValue("v1,v2") List<String> projections,
        String advertisedUrl,
        Integer standbyReplicas,
        @DefaultValue("1000") long maxStandbyLag,
        @DefaultValue("5s") Duration forwardTimeout,
        String clusterToken,
        @DefaultValue ReadLimits reads,
        @DefaultValue(BoundedRocksDbMemory.DEFAULT_MEMORY) DataSize rocksdbMemory) {

    public QueryProperties {
        // "3", "V3" and "v3" name the same projection; its stores and topic use "v3"
        projections = projections.stream().map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> p.toLowerCase(java.util.Locale.ROOT)).map(p -> p.startsWith("v") ? p : "v" + p)
                .distinct().toList();
        if (advertisedUrl != null && advertisedUrl.isBlank()) {
            advertisedUrl = null;
        }
        if (advertisedUrl != null) {
            URI uri;
            try {
                uri = new URI(advertisedUrl);
            } catch (URISyntaxException e) {
                uri = null;
            }
            if (uri == null || uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("sync.advertised-url (QUERY_API_ADVERTISED_URL) must be like "
                        + "http://host:port, was '" + advertisedUrl + "'");
            }
        }
        if (clusterToken != null && clusterToken.isBlank()) {
            clusterToken = null;
        }
        if (reads == null) {
            reads = ReadLimits.DEFAULTS;
        }
        if (standbyReplicas != null && standbyReplicas < 0) {
            throw new IllegalArgumentException("sync.standby-replicas (STANDBY_REPLICAS) must be 0 or more, was "
                    + standbyReplicas);
        }
    }

    /** Whether this instance is one of a group (an advertised URL is set). */
    public boolean scaledOut() {
        return advertisedUrl != null;
    }

    /** {@code host:port} of the advertised URL, for {@code application.server}; null for a single instance. */
    public String applicationServer() {
        if (advertisedUrl == null) {
            return null;
        }
        URI uri = URI.create(advertisedUrl);
        return uri.getHost() + ":" + uri.getPort();
    }

    /** The standby replicas to configure: as set, else 1 in a group and 0 alone. */
    public int standbyReplicasOrDefault() {
        return standbyReplicas != null ? standbyReplicas : scaledOut() ? 1 : 0;
    }
}
