package io.offlinesync.projector;

import io.offlinesync.projector.projection.ProjectionV1Topology;
import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.projector.sequencer.SequencerMeters;
import io.offlinesync.projector.sequencer.SequencerTopology;
import io.offlinesync.schemas.SchemaRegistrar;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.SequenceState;
import io.offlinesync.streams.ManagedStreams;
import io.offlinesync.streams.StreamsHealthIndicator;
import io.offlinesync.streams.StreamsSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the two Kafka Streams applications; schemas are registered before either starts. */
@Configuration(proxyBeanMethods = false)
class ProjectorStreams {

    @Bean
    SchemaRegistrations schemaRegistrations(ProjectorProperties props) {
        Map<String, Schema> subjects = new LinkedHashMap<>();
        subjects.put(Topics.valueSubject(Topics.EVENTS), LogEntry.getClassSchema());
        subjects.put(Topics.valueSubject(Topics.LISTS_V1), ListState.getClassSchema());
        subjects.put(changelogSubject(SequencerTopology.APPLICATION_ID, SequencerTopology.STORE),
                SequenceState.getClassSchema());
        subjects.put(changelogSubject(ProjectionV1Topology.APPLICATION_ID, ProjectionV1Topology.STORE),
                ListState.getClassSchema());
        new SchemaRegistrar(props.registry().url()).registerAll(subjects, props.registry().startupTimeout());
        return new SchemaRegistrations(subjects.keySet());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ManagedStreams sequencer(ProjectorProperties props, SchemaRegistrations registered, MeterRegistry meters) {
        return new ManagedStreams("sequencer", SequencerTopology.build(ValueSerdes.registry(props.registry().url()),
                new SequencerMeters(meters)), properties(props, SequencerTopology.APPLICATION_ID));
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ManagedStreams projectionV1(ProjectorProperties props, SchemaRegistrations registered) {
        return new ManagedStreams("projection-v1",
                ProjectionV1Topology.build(ValueSerdes.registry(props.registry().url())),
                properties(props, ProjectionV1Topology.APPLICATION_ID));
    }

    @Bean
    StreamsHealthIndicator streams(List<ManagedStreams> applications) {
        return new StreamsHealthIndicator(applications);
    }

    private static Properties properties(ProjectorProperties props, String applicationId) {
        Properties properties = new StreamsSettings(props.kafka().bootstrapServers(), applicationId,
                Path.of(props.stateDir(), applicationId).toString(), true, props.commitInterval(),
                props.replicationFactor(), null).toProperties();
        properties.putAll(props.kafka().streams());
        return properties;
    }

    private static String changelogSubject(String applicationId, String store) {
        return Topics.valueSubject(applicationId + "-" + store + "-changelog");
    }

    /** Marker that the subjects exist with their compatibility rule. */
    record SchemaRegistrations(java.util.Set<String> subjects) {}
}
