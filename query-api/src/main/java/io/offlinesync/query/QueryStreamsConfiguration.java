package io.offlinesync.query;

import io.offlinesync.access.membership.KafkaMembershipView;
import io.offlinesync.access.membership.MembershipView;
import io.offlinesync.access.membership.MembershipViewHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.query.catchup.CatchUpMeters;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.query.catchup.LongPollLimits;
import io.offlinesync.query.conflicts.ConflictQuery;
import io.offlinesync.query.fence.ListStateWatch;
import io.offlinesync.query.state.ActiveProjectionQuery;
import io.offlinesync.query.state.ActiveProjectionWatch;
import io.offlinesync.query.state.ListStateQuery;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.projections.ProjectionControl;
import io.offlinesync.schemas.SchemaRegistrar;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListHead;
import io.offlinesync.streams.BoundedRocksDbMemory;
import io.offlinesync.streams.ManagedStreams;
import io.offlinesync.streams.PlatformTopics;
import io.offlinesync.streams.StreamsApplications;
import io.offlinesync.streams.StreamsSettings;
import io.offlinesync.streams.deadletters.DeadLetterProperties;
import io.offlinesync.streams.deadletters.DeadLetters;
import io.offlinesync.query.cluster.HttpForwarder;
import io.offlinesync.query.cluster.PeerHeads;
import io.offlinesync.query.stream.LiveStreams;
import io.offlinesync.query.stream.StreamMeters;
import io.offlinesync.query.stream.StreamProperties;

import io.offlinesync.query.cluster.StreamsStoreLocator;
import io.offlinesync.query.cluster.ListReads;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the query-api's Kafka Streams application and the queries over its stores. */
@Configuration(proxyBeanMethods = false)
class QueryStreamsConfiguration {

    @Bean
    HeadWatch headWatch() {
        return new HeadWatch();
    }

    /** Wakes state reads waiting for a read-your-writes fence when the list's state changes. */
    @Bean
    ListStateWatch listStateWatch() {
        return new ListStateWatch();
    }

    /**
     * The query-api's one Kafka Streams application (on a StreamsBuilderFactoryBean, see {@link ManagedStreams}).
     * Its stores are looked up through {@link io.offlinesync.query.cluster.ReadTarget} (a partition, stale copies allowed) and its
     * placement through {@code queryMetadataForKey} (active and standby hosts), which Spring Kafka's
     * KafkaStreamsInteractiveQueryService does not offer (all partitions, active host only, retried lookups).
     */
    @Bean
    ManagedStreams queryStreams(QueryProperties props, KafkaProperties kafka, KafkaClients clients, PlatformTopics topics,
                                HeadWatch headWatch, ListStateWatch listStateWatch, MeterRegistry meters,
                                DeadLetterProperties deadLetters) {
        String changelog = Topics.valueSubject(QueryTopology.APPLICATION_ID + "-"
                + QueryTopology.HEADS_STORE + "-changelog");
        new SchemaRegistrar(props.registry().url()).registerAll(Map.of(changelog, ListHead.getClassSchema()),
                props.registry().startupTimeout());
        // the served projections' topics, made when missing (a jar's projection has no script making its topic): a
        // table over a missing topic would stop the application
        try (ProjectionControl control = new ProjectionControl(clients)) {
            control.ensureStateTopicsAtStartup(props.projections(), (short) props.replicationFactor(),
                    topics.creationTimeout());
        }
        StreamsSettings settings = new StreamsSettings(null,
                QueryTopology.APPLICATION_ID,
                Path.of(props.stateDir(), QueryTopology.APPLICATION_ID).toString(), false,
                props.commitInterval(), props.replicationFactor(), props.applicationServer(),
                props.standbyReplicasOrDefault());
        Properties streamsProps = settings.toProperties();
        streamsProps.putAll(QueryTopology.optimization());
        // Only what the sequencer and the projections committed: an at-least-once application reads
        // uncommitted records by default, and would show the states of a transaction that is then aborted
        // (a projector crashed or was fenced) and redone from an older point: answers that go back.
        // Main, restore (and so standby) consumers alike.
        streamsProps.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        streamsProps.put(BoundedRocksDbMemory.MEMORY, props.rocksdbMemory().toBytes() + "B");
        streamsProps = StreamsSettings.overlay(streamsProps, kafka.buildStreamsProperties());
        return new ManagedStreams("query-api", QueryTopology.build(ValueSerdes.registry(props.registry().url()),
                headWatch, listStateWatch, props.projections()), streamsProps, DeadLetters.of(QueryTopology.APPLICATION_ID, clients,
                meters, deadLetters))
                .withMetrics(meters);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    StreamsApplications streamsApplications(ManagedStreams queryStreams) {
        return new StreamsApplications(List.of(queryStreams));
    }

    @Bean
    CatchUpQuery catchUpQuery(ManagedStreams queryStreams, HeadWatch headWatch, QueryProperties props) {
        return new CatchUpQuery(queryStreams, headWatch, props.reads().maxPageBytes());
    }

    @Bean
    LongPollLimits longPollLimits(QueryProperties props, MeterRegistry registry) {
        return new LongPollLimits(props.reads().maxLongPollsPerUser(), props.reads().maxLongPolls(), registry);
    }

    @Bean
    CatchUpMeters catchUpMeters(MeterRegistry registry) {
        return new CatchUpMeters(registry);
    }

    @Bean
    ConflictQuery conflictQuery(CatchUpQuery catchUpQuery, QueryProperties props) {
        return new ConflictQuery(catchUpQuery, props.reads().maxFoldEntries(), props.reads().maxConcurrentFolds());
    }

    @Bean
    ListStateQuery listStateQuery(ManagedStreams queryStreams, QueryProperties props, ListStateWatch listStateWatch) {
        return new ListStateQuery(queryStreams, props.projections(), ValueSerdes.registry(props.registry().url()),
                listStateWatch);
    }

    /** Every list's members, from todo.members: who may read which list, and the caller's lists. */
    @Bean(destroyMethod = "close")
    MembershipView membershipView(QueryProperties props, KafkaClients kafka) {
        return KafkaMembershipView.ofMembersTopic(kafka.consumer(), props.registry().url()).start();
    }

    @Bean
    MembershipViewHealth membershipViewHealthIndicator(MembershipView view) {
        return new MembershipViewHealth(view);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ActiveProjectionWatch activeProjectionWatch(KafkaClients kafka) {
        return new ActiveProjectionWatch(kafka);
    }

    @Bean
    ActiveProjectionQuery activeProjectionQuery(ActiveProjectionWatch watch) {
        return new ActiveProjectionQuery(watch::current);
    }

    /** The active projection, which the admin endpoints switch (the other topics: StreamsServiceBeans). */
    @Bean
    NewTopic projectionsTopic(PlatformTopics topics) {
        return topics.projections(Topics.PROJECTIONS);
    }

    /** The admin endpoints' switch; its Kafka admin client connects on first use. */
    @Bean(destroyMethod = "close")
    ProjectionControl projectionControl(KafkaClients kafka) {
        return new ProjectionControl(kafka);
    }

    /**
     * Where each read of a list is answered: here, or (with an advertised URL) forwarded to the instance
     * that owns the list's partition, or from a standby copy while the owner is gone.
     */
    @Bean
    ListReads listReads(QueryProperties props, ManagedStreams queryStreams, MeterRegistry meters) {
        if (!props.scaledOut()) {
            return ListReads.singleInstance(meters);
        }
        HostInfo self = HostInfo.buildFromEndpoint(props.applicationServer());
        return ListReads.scaledOut(new StreamsStoreLocator(queryStreams, self, Duration.ofMillis(500)),
                new HttpForwarder(URI.create(props.advertisedUrl()).getScheme(), self, props.forwardTimeout(),
                        props.clusterToken()),
                props.maxStandbyLag(), props.clusterToken(), meters);
    }

    /** Live streams, within their own caps (MAX_STREAMS_PER_USER, MAX_STREAMS). */
    @Bean
    LiveStreams liveStreams(HeadWatch headWatch, StreamProperties settings, QueryProperties props, MeterRegistry meters) {
        return new LiveStreams(headWatch, settings, props.scaledOut(), new LongPollLimits(LongPollLimits.STREAMS,
                settings.maxPerUser(), settings.maxStreams(), meters), new StreamMeters(meters));
    }

    /**
     * With several instances: the advances of lists other instances own, for the streams held here (nothing to
     * close when alone).
     */
    @Bean(destroyMethod = "close")
    AutoCloseable peerHeads(QueryProperties props, HeadWatch headWatch, KafkaClients kafka) {
        if (!props.scaledOut()) {
            return () -> { };
        }
        return (new PeerHeads(kafka.consumer(), QueryTopology.APPLICATION_ID + "-" + QueryTopology.HEADS_STORE
                + "-changelog", ValueSerdes.registry(props.registry().url()).forType(ListHead.class).deserializer(),
                headWatch).start());
    }
}
