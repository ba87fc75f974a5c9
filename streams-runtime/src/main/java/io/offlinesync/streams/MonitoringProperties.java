package io.offlinesync.streams;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sync.monitoring.*}: how often the services look at Kafka for their probes and lag gauges.
 *
 * @param brokerProbeInterval how often the readiness probe's broker check runs (env BROKER_PROBE_INTERVAL)
 * @param brokerProbeDeadline how long one broker check may take before it counts as unreachable
 * @param lagInterval         how often consumer-group lag is sampled for the lag gauges (env LAG_INTERVAL)
 */
@ConfigurationProperties("sync.monitoring")
public record MonitoringProperties(@DefaultValue("5s") Duration brokerProbeInterval,
                                   @DefaultValue("2s") Duration brokerProbeDeadline,
                                   @DefaultValue("5s") Duration lagInterval) {

    public MonitoringProperties {
        if (brokerProbeInterval.toMillis() < 100 || lagInterval.toMillis() < 100) {
            throw new IllegalArgumentException("sync.monitoring intervals must be at least 100ms");
        }
        if (brokerProbeDeadline.toMillis() < 100) {
            throw new IllegalArgumentException("sync.monitoring.broker-probe-deadline must be at least 100ms");
        }
    }
}
