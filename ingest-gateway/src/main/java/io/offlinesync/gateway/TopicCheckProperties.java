package io.offlinesync.gateway;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code sync.topic-check}: the startup check of the topics' replication (a WARN for one
 * replica or {@code min.insync.replicas=1}).
 *
 * @param enabled    whether to check at all
 * @param alsoTopics topics checked besides the inbox topic (the canonical log by default)
 * @param deadline   how long the check may take; it runs beside startup, never holding it up
 */
@ConfigurationProperties("sync.topic-check")
public record TopicCheckProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("todo.events") List<String> alsoTopics,
        @DefaultValue("10s") Duration deadline) {
}
