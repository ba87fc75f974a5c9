package io.offlinesync.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.gateway.inbox.InboxAppender;
import io.offlinesync.gateway.inbox.KafkaInboxAppender;
import io.offlinesync.gateway.inbox.SchemaRegistration;
import io.offlinesync.gateway.web.ProblemErrorReportValve;
import java.time.Clock;
import org.apache.catalina.core.StandardHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's beans; the schema is registered while the context starts, before traffic is accepted. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

    /** Tomcat's own error answers (before any servlet runs) are problem+json too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnProperty(name = "sync.registry.register-on-startup", havingValue = "true", matchIfMissing = true)
    SchemaRegistration schemaRegistration(GatewayProperties properties) {
        return new SchemaRegistration(properties.registry().url(), properties.inboxTopic(),
                properties.registry().startupTimeout());
    }

    /** Created after the schema registration (when enabled); closed (flushing the producer) on shutdown. */
    @Bean
    InboxAppender inboxAppender(GatewayProperties properties, ObjectProvider<SchemaRegistration> registration,
                                MeterRegistry meters) {
        boolean registered = registration.getIfAvailable() != null;
        log.info("ingest-gateway: kafka {} topic {} (acks=all, idempotent, linger {} ms), registry {} (schema {}), "
                        + "ack timeout {} ms, Retry-After {} s, at most {} batches queued and {} bytes in flight",
                properties.kafka().bootstrapServers(), properties.inboxTopic(), properties.kafka().linger().toMillis(),
                properties.registry().url(), registered ? "registered" : "registration skipped",
                properties.ackTimeout().toMillis(), properties.retryAfterSeconds(), properties.maxQueuedBatches(),
                properties.maxInFlightBytes().toBytes());
        KafkaInboxAppender appender = KafkaInboxAppender.create(properties);
        Gauge.builder("sync.ingest.inflight.bytes", appender, KafkaInboxAppender::inFlightBytes)
                .description("Estimated bytes of batches queued for the inbox or awaiting the broker's acknowledgement")
                .baseUnit("bytes").register(meters);
        return appender;
    }
}
