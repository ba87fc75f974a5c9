package io.offlinesync.projector;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Projector settings (application.yml maps the environment: KAFKA_BOOTSTRAP_SERVERS, REGISTRY_URL,
 * STATE_DIR, REPLICATION_FACTOR).
 */
@ConfigurationProperties("sync")
public record ProjectorProperties(
        @DefaultValue("localhost:9092") String kafkaBootstrapServers,
        @DefaultValue("http://localhost:8080") String registryUrl,
        @DefaultValue("${java.io.tmpdir}/offline-sync/projector") String stateDir,
        @DefaultValue("100ms") Duration commitInterval,
        @DefaultValue("1") int replicationFactor,
        @DefaultValue("60s") Duration registryWait) {
}
