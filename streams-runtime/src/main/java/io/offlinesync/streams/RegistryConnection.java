package io.offlinesync.streams;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sync.registry.*} of a Kafka Streams service (projector-streams, query-api).
 *
 * @param startupTimeout how long startup waits for the registry to come up
 */
public record RegistryConnection(@DefaultValue("http://localhost:8080") String url,
                                 @DefaultValue("60s") Duration startupTimeout) {}
