package io.offlinesync.gateway.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.gateway.GatewayProperties;
import io.offlinesync.streams.MonitoringAdmin;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lag-driven admission of pushes. The lag is read with the monitoring admin client the broker probe already
 * uses (the service's {@code spring.kafka.*} admin settings, security
 * included), so admission opens no connection of its own.
 */
@Configuration(proxyBeanMethods = false)
class AdmissionConfiguration {

    @Bean
    PushAdmission pushAdmission(AdmissionProperties properties, GatewayProperties gateway, MeterRegistry meters) {
        return new PushAdmission(properties, gateway.inboxTopic(), meters);
    }

    /** Not started when admission is off: no lag is read at all. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(name = "sync.admission.enabled", havingValue = "true", matchIfMissing = true)
    PipelineLag pipelineLag(MonitoringAdmin monitoringAdmin, AdmissionProperties properties, GatewayProperties gateway,
                            PushAdmission pushAdmission) {
        return new PipelineLag(monitoringAdmin.admin(),
                new PipelineLag.Target(gateway.inboxTopic(), properties.inboxGroup()),
                new PipelineLag.Target(properties.eventsTopic(), properties.eventsGroup()),
                properties.interval(), pushAdmission);
    }

    /** Health contributor {@code admission}: always UP (in no probe group), the decision and lags in its details. */
    @Bean
    HealthIndicator admission(PushAdmission pushAdmission) {
        return pushAdmission::health;
    }
}
