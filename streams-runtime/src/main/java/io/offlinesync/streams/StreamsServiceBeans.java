package io.offlinesync.streams;

import io.offlinesync.schemas.Topics;
import io.offlinesync.streams.deadletters.DeadLetterProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What both Kafka Streams services (projector-streams, query-api) declare alike, imported by each: the topics
 * both read or write, made at startup if missing (the projections' state topics too, by
 * {@code ProjectionControl.ensureStateTopicsAtStartup}), and what operators watch of their {@link StreamsApplications}
 * and the broker. Each service adds its own topics, lag gauges and info.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MonitoringProperties.class, DeadLetterProperties.class})
public class StreamsServiceBeans {

    @Bean
    NewTopic eventsTopic(PlatformTopics topics) {
        return topics.events(Topics.EVENTS);
    }

    @Bean
    NewTopic membersTopic(PlatformTopics topics) {
        return topics.members(Topics.MEMBERS);
    }

    @Bean
    NewTopic deadLettersTopic(PlatformTopics topics, DeadLetterProperties deadLetters) {
        return topics.deadLetters(deadLetters.topic());
    }

    /** Client id {@code <spring.application.name>-monitoring}. */
    @Bean(destroyMethod = "close")
    MonitoringAdmin monitoringAdmin(KafkaClients kafka, @Value("${spring.application.name}") String service) {
        return new MonitoringAdmin(kafka, service + "-monitoring");
    }

    /** Health contributor {@code kafka}, in the readiness group. */
    @Bean(initMethod = "start", destroyMethod = "close")
    BrokerProbe kafka(MonitoringAdmin monitoringAdmin, MonitoringProperties monitoring) {
        return BrokerProbe.of(monitoringAdmin.admin(), monitoring.brokerProbeInterval(),
                monitoring.brokerProbeDeadline());
    }

    @Bean
    StreamsProbe streamsLiveness(StreamsApplications applications) {
        return StreamsProbe.liveness(applications);
    }

    @Bean
    StreamsProbe streamsReadiness(StreamsApplications applications) {
        return StreamsProbe.readiness(applications);
    }

    @Bean
    StreamsHealthIndicator streams(StreamsApplications applications) {
        return new StreamsHealthIndicator(applications);
    }
}
