package io.offlinesync.gateway;

import io.offlinesync.access.membership.KafkaMembershipView;
import io.offlinesync.access.membership.MembershipView;
import io.offlinesync.access.membership.MembershipViewHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.gateway.inbox.InFlightBudget;
import io.offlinesync.gateway.inbox.InboxAppender;
import io.offlinesync.gateway.inbox.KafkaInboxAppender;
import io.offlinesync.gateway.inbox.SchemaRegistration;
import io.offlinesync.gateway.web.ProblemErrorReportValve;
import io.offlinesync.streams.KafkaClients;
import java.time.Clock;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.http11.AbstractHttp11Protocol;
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

    /**
     * While a request body is read, no single read waits longer than the body read timeout (nor longer than
     * the connection timeout): Tomcat's upload timeout, else 5 minutes, would let a stalled body hold its
     * thread and its share of the in-flight budget that long. {@code JsonBodyReader} bounds the whole body.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> bodyReadTimeout(GatewayProperties properties) {
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                long body = properties.bodyReadTimeout().toMillis();
                int connection = http.getConnectionTimeout();
                http.setDisableUploadTimeout(false);
                http.setConnectionUploadTimeout((int) (connection > 0 ? Math.min(connection, body) : body));
            }
        });
    }

    /** Every list's members and client owners, from todo.members: the early 403 ({@code ListWriters}). */
    @Bean(destroyMethod = "close")
    MembershipView membershipView(GatewayProperties properties, KafkaClients kafka) {
        return KafkaMembershipView.ofMembersTopic(kafka.consumer(), properties.registry().url()).start();
    }

    @Bean
    MembershipViewHealth membershipViewHealthIndicator(MembershipView view) {
        return new MembershipViewHealth(view);
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

    /** Shared by the body reader (bodies being read) and the appender (batches awaiting the broker). */
    @Bean
    InFlightBudget inFlightBudget(GatewayProperties properties, MeterRegistry meters) {
        InFlightBudget budget = new InFlightBudget(properties.maxInFlightBytes().toBytes());
        Gauge.builder("sync.ingest.inflight.bytes", budget, InFlightBudget::inFlightBytes)
                .description("Bytes of push bodies being read and of batches queued for the inbox or awaiting "
                        + "the broker's acknowledgement")
                .baseUnit("bytes").register(meters);
        return budget;
    }

    /** Created after the schema registration (when enabled); closed (flushing the producer) on shutdown. */
    @Bean
    InboxAppender inboxAppender(GatewayProperties properties, ObjectProvider<SchemaRegistration> registration,
                                InFlightBudget budget, KafkaClients kafka) {
        boolean registered = registration.getIfAvailable() != null;
        log.info("ingest-gateway: kafka {} topic {} (acks=all, idempotent), registry {} (schema {}), "
                        + "ack timeout {} ms, Retry-After {} s, at most {} batches queued and {} bytes in flight, "
                        + "body read timeout {} ms",
                kafka.bootstrapServers(), properties.inboxTopic(),
                properties.registry().url(), registered ? "registered" : "registration skipped",
                properties.ackTimeout().toMillis(), properties.retryAfterSeconds(), properties.maxQueuedBatches(),
                properties.maxInFlightBytes().toBytes(), properties.bodyReadTimeout().toMillis());
        return KafkaInboxAppender.create(properties, kafka, budget);
    }
}
