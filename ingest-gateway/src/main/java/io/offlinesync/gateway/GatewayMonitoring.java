package io.offlinesync.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.offlinesync.gateway.inbox.InboxAppender;
import io.offlinesync.gateway.inbox.KafkaInboxAppender;
import io.offlinesync.gateway.inbox.SenderWatchdog;
import io.offlinesync.gateway.inbox.TopicDurabilityCheck;
import io.offlinesync.streams.BrokerProbe;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.MonitoringAdmin;
import io.offlinesync.streams.MonitoringProperties;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's probes: the broker (checked on a schedule, so a probe never calls Kafka) and the inbox
 * sender thread (readiness DOWN while a send is stuck, liveness DOWN when interrupting it did not help).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MonitoringProperties.class)
class GatewayMonitoring {

    @Bean(destroyMethod = "close")
    MonitoringAdmin monitoringAdmin(KafkaClients kafka) {
        return new MonitoringAdmin(kafka, "ingest-gateway-monitoring");
    }

    /** Health contributor {@code kafka}, in the readiness group. */
    @Bean(initMethod = "start", destroyMethod = "close")
    BrokerProbe kafka(MonitoringAdmin monitoringAdmin, MonitoringProperties monitoring) {
        return BrokerProbe.of(monitoringAdmin.admin(), monitoring.brokerProbeInterval(),
                monitoring.brokerProbeDeadline());
    }

    /** Logs a WARN at startup for topics with one replica or min.insync.replicas=1, off the startup path. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(name = "sync.topic-check.enabled", havingValue = "true", matchIfMissing = true)
    TopicDurabilityCheck topicDurabilityCheck(MonitoringAdmin monitoringAdmin, GatewayProperties properties,
                                              TopicCheckProperties topicCheck) {
        Set<String> topics = new LinkedHashSet<>();
        topics.add(properties.inboxTopic());
        topics.addAll(topicCheck.alsoTopics());
        return new TopicDurabilityCheck(monitoringAdmin.admin(), topics, topicCheck.deadline());
    }

    /**
     * The inbox producer's own metrics (Boot binds every MeterBinder bean); none (a null bean) for a
     * stand-in inbox in tests.
     */
    @Bean(destroyMethod = "close")
    KafkaClientMetrics producerMetrics(InboxAppender inboxAppender) {
        return inboxAppender instanceof KafkaInboxAppender kafka ? kafka.producerMetrics() : null;
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    SenderWatchdog senderWatchdog(InboxAppender inboxAppender, MeterRegistry meters) {
        return new SenderWatchdog(inboxAppender, meters, Duration.ofMillis(500));
    }

    /** Health contributor {@code inboxSender}, in the readiness group. */
    @Bean
    HealthIndicator inboxSender(SenderWatchdog senderWatchdog) {
        return senderWatchdog::readiness;
    }

    /** Health contributor {@code inboxSenderLiveness}, in the liveness group. */
    @Bean
    HealthIndicator inboxSenderLiveness(SenderWatchdog senderWatchdog) {
        return senderWatchdog::liveness;
    }
}
