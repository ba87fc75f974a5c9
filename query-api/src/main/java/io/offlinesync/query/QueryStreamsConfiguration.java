package io.offlinesync.query;

import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.query.catchup.CatchUpMeters;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.EventIndexTopology;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.query.conflicts.ConflictQuery;
import io.offlinesync.query.state.ActiveProjectionQuery;
import io.offlinesync.query.state.ActiveProjectionWatch;
import io.offlinesync.query.state.ListStateQuery;
import io.offlinesync.streams.projections.ProjectionControl;
import io.offlinesync.schemas.SchemaRegistrar;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListHead;
import io.offlinesync.streams.ManagedStreams;
import io.offlinesync.streams.StreamsHealthIndicator;
import io.offlinesync.streams.StreamsSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the query-api's Kafka Streams application and the queries over its stores. */
@Configuration(proxyBeanMethods = false)
class QueryStreamsConfiguration {

    @Bean
    HeadWatch headWatch() {
        return new HeadWatch();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ManagedStreams queryStreams(QueryProperties props, HeadWatch headWatch) {
        String changelog = Topics.valueSubject(EventIndexTopology.APPLICATION_ID + "-"
                + EventIndexTopology.HEADS_STORE + "-changelog");
        new SchemaRegistrar(props.registry().url()).registerAll(Map.of(changelog, ListHead.getClassSchema()),
                props.registry().startupTimeout());
        StreamsSettings settings = new StreamsSettings(props.kafka().bootstrapServers(),
                EventIndexTopology.APPLICATION_ID,
                Path.of(props.stateDir(), EventIndexTopology.APPLICATION_ID).toString(), false,
                props.commitInterval(), props.replicationFactor(), null);
        Properties streamsProps = settings.toProperties();
        streamsProps.putAll(EventIndexTopology.optimization());
        streamsProps.putAll(props.kafka().streams());
        return new ManagedStreams("query-api", EventIndexTopology.build(ValueSerdes.registry(props.registry().url()),
                headWatch, props.projections()), streamsProps);
    }

    @Bean
    CatchUpQuery catchUpQuery(ManagedStreams queryStreams, HeadWatch headWatch) {
        return new CatchUpQuery(queryStreams, headWatch);
    }

    @Bean
    CatchUpMeters catchUpMeters(MeterRegistry registry) {
        return new CatchUpMeters(registry);
    }

    @Bean
    ConflictQuery conflictQuery(CatchUpQuery catchUpQuery) {
        return new ConflictQuery(catchUpQuery);
    }

    @Bean
    ListStateQuery listStateQuery(ManagedStreams queryStreams, QueryProperties props) {
        return new ListStateQuery(queryStreams, props.projections());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ActiveProjectionWatch activeProjectionWatch(QueryProperties props) {
        return new ActiveProjectionWatch(props.kafka().bootstrapServers());
    }

    @Bean
    ActiveProjectionQuery activeProjectionQuery(ActiveProjectionWatch watch) {
        return new ActiveProjectionQuery(watch::current);
    }

    /** The admin endpoints' switch; its Kafka admin client connects on first use. */
    @Bean(destroyMethod = "close")
    ProjectionControl projectionControl(QueryProperties props) {
        return new ProjectionControl(props.kafka().bootstrapServers());
    }

    @Bean
    StreamsHealthIndicator streams(List<ManagedStreams> applications) {
        return new StreamsHealthIndicator(applications);
    }
}
