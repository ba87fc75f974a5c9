package io.offlinesync.streams;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The Kafka Streams part of a liveness or readiness probe: UP while every application of the service is
 * live (resp. ready, see {@link StreamsStatus}), DOWN otherwise, with each application's state as a detail.
 * The beans {@code streamsLiveness} and {@code streamsReadiness} of {@link StreamsServiceBeans}, which the
 * services' health groups {@code liveness} and {@code readiness} include.
 */
public final class StreamsProbe implements HealthIndicator {

    private final Supplier<List<StreamsStatus>> statuses;
    private final Predicate<StreamsStatus> up;

    StreamsProbe(Supplier<List<StreamsStatus>> statuses, Predicate<StreamsStatus> up) {
        this.statuses = statuses;
        this.up = up;
    }

    public static StreamsProbe liveness(StreamsApplications applications) {
        return liveness(snapshots(applications.all()));
    }

    public static StreamsProbe readiness(StreamsApplications applications) {
        return readiness(snapshots(applications.all()));
    }

    static StreamsProbe liveness(Supplier<List<StreamsStatus>> statuses) {
        return new StreamsProbe(statuses, StreamsStatus::live);
    }

    static StreamsProbe readiness(Supplier<List<StreamsStatus>> statuses) {
        return new StreamsProbe(statuses, StreamsStatus::ready);
    }

    private static Supplier<List<StreamsStatus>> snapshots(List<ManagedStreams> applications) {
        List<ManagedStreams> all = List.copyOf(applications);
        return () -> all.stream().map(ManagedStreams::status).toList();
    }

    @Override
    public Health health() {
        List<StreamsStatus> now = statuses.get();
        Health.Builder builder = now.stream().allMatch(up) ? Health.up() : Health.down();
        now.forEach(status -> builder.withDetail(status.name(), status.describe()));
        return builder.build();
    }
}
