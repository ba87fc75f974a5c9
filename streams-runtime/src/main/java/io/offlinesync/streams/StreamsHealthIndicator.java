package io.offlinesync.streams;

import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while every Kafka Streams application of the service runs (or rebalances); DOWN with each
 * application's state, and the failure that stopped it, otherwise. Declare it as a bean named
 * {@code streams} so readiness can include it.
 */
public final class StreamsHealthIndicator implements HealthIndicator {

    private final List<ManagedStreams> applications;

    public StreamsHealthIndicator(List<ManagedStreams> applications) {
        this.applications = List.copyOf(applications);
    }

    @Override
    public Health health() {
        Health.Builder builder = applications.stream().allMatch(ManagedStreams::healthy) ? Health.up() : Health.down();
        for (ManagedStreams app : applications) {
            builder.withDetail(app.name(), app.failure() == null ? app.state().toString()
                    : app.state() + ": " + app.failure().getMessage());
        }
        return builder.build();
    }
}
