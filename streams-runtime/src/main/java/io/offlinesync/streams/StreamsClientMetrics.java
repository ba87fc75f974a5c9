package io.offlinesync.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka Streams' own metrics (and those of its consumers and producers: records-lag, commit latency,
 * process rate, ...) of every application of a service, as Micrometer meters tagged
 * {@code application=<name>}. Declared as a bean, Spring Boot binds it to the registry.
 */
public final class StreamsClientMetrics implements MeterBinder, AutoCloseable {

    private final List<ManagedStreams> applications;
    private final List<KafkaStreamsMetrics> bound = new ArrayList<>();

    public StreamsClientMetrics(List<ManagedStreams> applications) {
        this.applications = List.copyOf(applications);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ManagedStreams application : applications) {
            KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(application.streams(),
                    Tags.of("application", application.name()));
            metrics.bindTo(registry);
            bound.add(metrics);
        }
    }

    @Override
    public void close() {
        bound.forEach(KafkaStreamsMetrics::close);
    }
}
