package io.offlinesync.projector;

import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.projector.projection.ProjectionMeters;
import io.offlinesync.projector.projection.ProjectionTarget;
import io.offlinesync.projector.projection.ProjectionTopology;
import io.offlinesync.projector.sequencer.SequencerMeters;
import io.offlinesync.projector.sequencer.SequencerTopology;
import io.offlinesync.schemas.SchemaRegistrar;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.ItemState;
import io.offlinesync.schemas.avro.ListAccess;
import io.offlinesync.schemas.avro.SequenceState;
import io.offlinesync.schemas.avro.SequencerClient;
import io.offlinesync.streams.BoundedRocksDbMemory;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.ManagedStreams;
import io.offlinesync.streams.PlatformTopics;
import io.offlinesync.streams.StreamsApplications;
import io.offlinesync.streams.StreamsSettings;
import io.offlinesync.streams.deadletters.DeadLetterProperties;
import io.offlinesync.streams.deadletters.DeadLetters;
import io.offlinesync.streams.projections.ProjectionControl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the sequencer and one Kafka Streams application per projection version in
 * {@code sync.projections}, their Kafka settings from {@code spring.kafka.*}; schemas are registered before any
 * starts. Each writes the records it cannot
 * deserialize, process or produce to the dead-letter topic and goes on.
 */
@Configuration(proxyBeanMethods = false)
class ProjectorStreams {

    @Bean
    SchemaRegistrations schemaRegistrations(ProjectorProperties props) {
        Map<String, Schema> subjects = new LinkedHashMap<>();
        subjects.put(Topics.valueSubject(Topics.EVENTS), LogEntry.getClassSchema());
        subjects.put(changelogSubject(SequencerTopology.APPLICATION_ID, SequencerTopology.STORE),
                SequenceState.getClassSchema());
        subjects.put(changelogSubject(SequencerTopology.APPLICATION_ID, SequencerTopology.CLIENTS_STORE),
                SequencerClient.getClassSchema());
        subjects.put(changelogSubject(SequencerTopology.APPLICATION_ID, SequencerTopology.ITEMS_STORE),
                ItemState.getClassSchema());
        subjects.put(changelogSubject(SequencerTopology.APPLICATION_ID, SequencerTopology.ACCESS_STORE),
                ListAccess.getClassSchema());
        subjects.put(Topics.valueSubject(Topics.MEMBERS), ListAccess.getClassSchema());
        for (ProjectionTarget target : projections(props)) {
            subjects.putAll(target.subjects());
        }
        new SchemaRegistrar(props.registry().url()).registerAll(subjects, props.registry().startupTimeout());
        return new SchemaRegistrations(subjects.keySet());
    }

    /** The gateway's batches, which the sequencer reads (the other topics: StreamsServiceBeans). */
    @Bean
    NewTopic inboxTopic(PlatformTopics topics) {
        return topics.inbox(Topics.INBOX);
    }

    /** The sequencer, then one application per projection, each on its own StreamsBuilderFactoryBean. */
    @Bean(initMethod = "start", destroyMethod = "close")
    StreamsApplications streamsApplications(ProjectorProperties props, KafkaProperties kafka, KafkaClients clients,
                                            PlatformTopics topics, SchemaRegistrations registered, MeterRegistry meters,
                                            DeadLetterProperties deadLetters) {
        List<ManagedStreams> applications = new ArrayList<>();
        Properties sequencer = properties(props, kafka, SequencerTopology.APPLICATION_ID,
                props.sequencerCommitIntervalOrDefault());
        applications.add(new ManagedStreams("sequencer", SequencerTopology.build(
                ValueSerdes.registry(props.registry().url()), new SequencerMeters(meters), props.listLimits().toLimits(),
                props.sequencerCommitIntervalOrDefault(), props.segmentEntries()),
                sequencer, DeadLetters.of(SequencerTopology.APPLICATION_ID, clients, meters, deadLetters).neverSkip(Topics.EVENTS, Topics.MEMBERS))
                .withMetrics(meters));
        List<ProjectionTarget> targets = projections(props);
        try (ProjectionControl control = new ProjectionControl(clients)) {
            control.ensureStateTopicsAtStartup(targets.stream().map(ProjectionTarget::name).toList(),
                    (short) props.replicationFactor(), topics.creationTimeout());
        }
        for (ProjectionTarget target : targets) {
            Properties properties = properties(props, kafka, target.applicationId(), props.commitInterval());
            applications.add(new ManagedStreams("projection-" + target.name(),
                    ProjectionTopology.build(target, ValueSerdes.registry(props.registry().url()),
                            props.fold().tuning(), new ProjectionMeters(meters, target.name())),
                    properties, DeadLetters.of(target.applicationId(), clients, meters, deadLetters)).withMetrics(meters));
        }
        return new StreamsApplications(applications);
    }

    /** The projections of {@code sync.projections}, each an installed one (else startup fails naming those there are). */
    static List<ProjectionTarget> projections(ProjectorProperties props) {
        InstalledProjections installed = InstalledProjections.load();
        return props.projections().stream()
                .map(name -> installed.find(name).orElseThrow(() -> new IllegalArgumentException(
                        "sync.projections (PROJECTIONS): unknown projection '" + name + "'; installed are "
                                + installed.describe() + " (a projection's jar on the class path adds one; locally "
                                + "PROJECTION_PLUGINS)")))
                .distinct()
                .map(p -> ProjectionTarget.live(p))
                .toList();
    }

    static Properties properties(ProjectorProperties props, KafkaProperties kafka, String applicationId,
                                 Duration commitInterval) {
        Properties properties = new StreamsSettings(null, applicationId,
                Path.of(props.stateDir(), applicationId).toString(), true, commitInterval,
                props.replicationFactor(), null, props.standbyReplicas()).toProperties();
        properties.put(BoundedRocksDbMemory.MEMORY, props.rocksdbMemory().toBytes() + "B");
        return StreamsSettings.overlay(properties, kafka.buildStreamsProperties());
    }

    private static String changelogSubject(String applicationId, String store) {
        return Topics.valueSubject(applicationId + "-" + store + "-changelog");
    }

    /** Marker that the subjects exist with their compatibility rule. */
    record SchemaRegistrations(java.util.Set<String> subjects) {}
}
