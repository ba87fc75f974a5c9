package io.offlinesync.query;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.query.fence.ListStateWatch;
import io.offlinesync.query.state.ActiveProjectionWatch;
import io.offlinesync.schemas.Topics;
import io.offlinesync.streams.ConsumerLagGauges;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.MonitoringAdmin;
import io.offlinesync.streams.MonitoringProperties;
import io.offlinesync.streams.projections.ActiveProjection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

/**
 * What operators watch of the query-api beyond {@link io.offlinesync.streams.StreamsServiceBeans}: readiness
 * while the active projection is unknown, the index's lag on todo.events per partition, the active projection in
 * {@code /actuator/info}, and long-polls released at shutdown so the graceful phase ends quickly.
 */
@Configuration(proxyBeanMethods = false)
class QueryMonitoring {

    /** Readiness: until todo.projections has been read, state reads would answer 503. */
    @Bean
    HealthIndicator activeProjection(ActiveProjectionWatch watch) {
        return () -> {
            try {
                return Health.up().withDetail("active", watch.current().active()).build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("active", e.getMessage()).build();
            }
        };
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ConsumerLagGauges consumerLagGauges(MonitoringAdmin monitoringAdmin, KafkaClients kafka,
                                        MonitoringProperties monitoring, MeterRegistry registry) {
        return new ConsumerLagGauges(monitoringAdmin.admin(), kafka, registry,
                List.of(new ConsumerLagGauges.Target("sync.query.index.lag",
                        "Entries of todo.events this instance has not indexed yet (catch-up cannot serve them)",
                        Tags.empty(), QueryTopology.APPLICATION_ID, Topics.EVENTS, true)),
                monitoring.lagInterval());
    }

    /** {@code /actuator/info}: {"query": {"activeProjection": "v1", "previous": null, "projections": [...]}}. */
    @Bean
    InfoContributor queryInfo(ActiveProjectionWatch watch, QueryProperties props) {
        return builder -> {
            Map<String, Object> query = new LinkedHashMap<>();
            try {
                ActiveProjection current = watch.current();
                query.put("activeProjection", current.active());
                query.put("previousProjection", current.previous());
            } catch (RuntimeException e) {
                query.put("activeProjection", null);
                query.put("activeProjectionUnknown", e.getMessage());
            }
            query.put("projections", props.projections());
            builder.withDetail("query", query);
        };
    }

    /**
     * Answers waiting long-polls and fenced state reads as soon as shutdown begins: the close event comes before the
     * web server's graceful phase, which would otherwise wait for each to use up its {@code waitMs}.
     */
    @Bean
    ApplicationListener<ContextClosedEvent> releaseLongPollsOnShutdown(HeadWatch headWatch,
                                                                       ListStateWatch listStateWatch) {
        return event -> {
            headWatch.releaseAll();
            listStateWatch.releaseAll();
        };
    }
}
