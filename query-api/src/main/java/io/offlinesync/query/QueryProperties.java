package io.offlinesync.query;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * query-api settings (application.yml maps the environment: KAFKA_BOOTSTRAP_SERVERS, REGISTRY_URL,
 * STATE_DIR, REPLICATION_FACTOR). The stores only read topics, so at-least-once suffices: indexing an
 * entry twice writes the same value.
 */
@ConfigurationProperties("sync")
public record QueryProperties(
        @DefaultValue("localhost:9092") String kafkaBootstrapServers,
        @DefaultValue("http://localhost:8080") String registryUrl,
        @DefaultValue("${java.io.tmpdir}/offline-sync/query-api") String stateDir,
        @DefaultValue("100ms") Duration commitInterval,
        @DefaultValue("1") int replicationFactor,
        @DefaultValue("60s") Duration registryWait) {
}
