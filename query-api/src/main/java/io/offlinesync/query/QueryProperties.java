package io.offlinesync.query;

import io.offlinesync.streams.KafkaConnection;
import io.offlinesync.streams.RegistryConnection;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code sync.*}; query-api.yml maps the environment (KAFKA_BOOTSTRAP_SERVERS,
 * REGISTRY_URL, STATE_DIR, REPLICATION_FACTOR, COMMIT_INTERVAL) onto them.
 *
 * @param stateDir          where Kafka Streams keeps its local stores
 * @param commitInterval    Kafka Streams commit interval: the floor of write-to-visible latency
 * @param replicationFactor of the internal (changelog) topics Kafka Streams creates
 * @param projections       the projections this instance materializes and can serve (env PROJECTIONS);
 *                          which one it serves by default is the todo.projections record
 */
@ConfigurationProperties("sync")
public record QueryProperties(
        @DefaultValue KafkaConnection kafka,
        @DefaultValue RegistryConnection registry,
        @DefaultValue("${java.io.tmpdir}/offline-sync/query-api") String stateDir,
        @DefaultValue("100ms") Duration commitInterval,
        @DefaultValue("1") int replicationFactor,
        @DefaultValue("v1,v2") List<String> projections) {
}
