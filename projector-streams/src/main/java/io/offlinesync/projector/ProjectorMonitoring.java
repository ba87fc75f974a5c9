package io.offlinesync.projector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.offlinesync.projector.projection.ProjectionTarget;
import io.offlinesync.projector.retention.InboxRetentionGuard;
import io.offlinesync.projector.retention.InboxRetentionProperties;
import io.offlinesync.projector.sequencer.SequencerTopology;
import io.offlinesync.schemas.Topics;
import io.offlinesync.streams.ConsumerLagGauges;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.MonitoringAdmin;
import io.offlinesync.streams.MonitoringProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What operators watch of the projector beyond {@link io.offlinesync.streams.StreamsServiceBeans}: the
 * sequencer's lag on todo.inbox and each projection's lag on todo.events (per partition),
 * how much of todo.inbox's retention the sequencer's backlog has used, and in {@code /actuator/info} the
 * applications it runs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InboxRetentionProperties.class)
class ProjectorMonitoring {

    @Bean(initMethod = "start", destroyMethod = "close")
    ConsumerLagGauges consumerLagGauges(MonitoringAdmin monitoringAdmin, ProjectorProperties props, KafkaClients kafka,
                                        MonitoringProperties monitoring, MeterRegistry registry) {
        List<ConsumerLagGauges.Target> targets = new ArrayList<>();
        // the gateway writes todo.inbox without transactions: its lag is exact
        targets.add(new ConsumerLagGauges.Target("sync.sequencer.lag",
                "Records (batches) of todo.inbox after the sequencer's committed offset",
                Tags.empty(), SequencerTopology.APPLICATION_ID, Topics.INBOX, false));
        for (ProjectionTarget target : ProjectorStreams.projections(props)) {
            targets.add(new ConsumerLagGauges.Target("sync.projection.lag",
                    "Entries of todo.events after the projection's committed offset (not folded yet)",
                    Tags.of("projection", target.name()), target.applicationId(), Topics.EVENTS, true));
        }
        return new ConsumerLagGauges(monitoringAdmin.admin(), kafka, registry, targets,
                monitoring.lagInterval());
    }

    /** Health contributor {@code inboxRetention} (DEGRADED, not in readiness) and its gauge. */
    @Bean(initMethod = "start", destroyMethod = "close")
    InboxRetentionGuard inboxRetention(MonitoringAdmin monitoringAdmin, KafkaClients kafka,
                                       InboxRetentionProperties settings, MeterRegistry registry) {
        return InboxRetentionGuard.of(monitoringAdmin.admin(), kafka,
                Topics.INBOX, SequencerTopology.APPLICATION_ID, settings, registry);
    }

    /** {@code /actuator/info}: {"projector": {"projections": ["v1","v2"], "applications": {...}}}. */
    @Bean
    InfoContributor projectorInfo(ProjectorProperties props) {
        Map<String, Object> applications = new LinkedHashMap<>();
        applications.put("sequencer", SequencerTopology.APPLICATION_ID);
        List<String> names = new ArrayList<>();
        for (ProjectionTarget target : ProjectorStreams.projections(props)) {
            names.add(target.name());
            applications.put("projection-" + target.name(), target.applicationId());
        }
        Map<String, Object> projector = Map.of("projections", List.copyOf(names), "applications", applications);
        return builder -> builder.withDetail("projector", projector);
    }
}
