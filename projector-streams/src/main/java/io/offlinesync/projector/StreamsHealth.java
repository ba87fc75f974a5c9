package io.offlinesync.projector;

import io.offlinesync.streams.ManagedStreams;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** UP while every Kafka Streams application runs (or rebalances); DOWN with the failing state otherwise. */
@Component("streams")
class StreamsHealth implements HealthIndicator {

    private final List<ManagedStreams> applications;

    StreamsHealth(List<ManagedStreams> applications) {
        this.applications = applications;
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
