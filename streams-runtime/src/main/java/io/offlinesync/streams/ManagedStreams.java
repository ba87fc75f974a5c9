package io.offlinesync.streams;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams application with the lifecycle the services need: logged state changes, a
 * failing thread stops the client (health then reports it) instead of silently skipping records,
 * and close leaves the consumer group so a restarted instance does not wait out the session timeout.
 */
public final class ManagedStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagedStreams.class);

    private final String name;
    private final KafkaStreams streams;
    private volatile Throwable failure;

    public ManagedStreams(String name, Topology topology, Properties props) {
        this.name = name;
        this.streams = new KafkaStreams(topology, props);
        log.info("{}: topology\n{}", name, topology.describe());
    }

    public void start() {
        streams.setStateListener((next, previous) -> log.info("{}: {} -> {}", name, previous, next));
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            log.error("{}: stream thread failed; stopping this client", name, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
    }

    @Override
    public void close() {
        log.info("{}: closing (leaving the group)", name);
        streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(15)));
    }

    public String name() {
        return name;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** RUNNING, or REBALANCING while it is still healthy. */
    public boolean healthy() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    }

    public Throwable failure() {
        return failure;
    }
}
