package io.offlinesync.projector;

import io.offlinesync.streams.ManagedStreams;
import java.util.List;

/** The projection versions this service runs (sync.projections), each its own Kafka Streams application. */
public record ProjectionApplications(List<ManagedStreams> applications) {

    public void start() {
        applications.forEach(ManagedStreams::start);
    }

    public void close() {
        applications.forEach(ManagedStreams::close);
    }
}
