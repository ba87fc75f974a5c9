package io.offlinesync.streams;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.offlinesync.streams.deadletters.DeadLetters;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams application with the lifecycle the services need: logged state changes, a
 * failing thread stops the client (health then reports it) instead of silently skipping records,
 * and close leaves the consumer group so a restarted instance does not wait out the session timeout.
 * It tracks what the health probes need ({@link #status()}): store partitions restoring, whether it has
 * run, whether it is closing. With {@link DeadLetters}, a record that cannot be deserialized, processed or
 * produced goes to the dead-letter topic and its partition goes on, instead of stopping the thread.
 */
public final class ManagedStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagedStreams.class);

    private final String name;
    private final KafkaStreams streams;
    private final DeadLetters deadLetters;
    private volatile Throwable failure;
    private volatile boolean hasRun;
    private volatile boolean closing;
    /** "store/topic-partition" of every restoration in progress. */
    private final Set<String> restoring = ConcurrentHashMap.newKeySet();

    /** Without dead letters: a record that fails stops the stream thread (tests, benchmarks). */
    public ManagedStreams(String name, Topology topology, Properties props) {
        this(name, topology, props, null);
    }

    /** With {@code deadLetters} (closed with this) taking every record that fails. */
    public ManagedStreams(String name, Topology topology, Properties props, DeadLetters deadLetters) {
        this.name = name;
        this.deadLetters = deadLetters;
        Properties effective = new Properties();
        effective.putAll(props);
        if (deadLetters != null) {
            deadLetters.install(effective);
        }
        this.streams = new KafkaStreams(topology, effective);
        log.info("{}: topology\n{}", name, topology.describe());
    }

    public void start() {
        streams.setStateListener((next, previous) -> {
            if (next == KafkaStreams.State.RUNNING) {
                hasRun = true;
            }
            log.info("{}: {} -> {}", name, previous, next);
        });
        streams.setGlobalStateRestoreListener(new RestoreTracking());
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            log.error("{}: stream thread failed; stopping this client", name, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
    }

    @Override
    public void close() {
        closing = true;
        log.info("{}: closing (leaving the group)", name);
        streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(15)));
        if (deadLetters != null) {
            deadLetters.close();
        }
    }

    /** Where its failed records go, if anywhere. */
    public Optional<DeadLetters> deadLetters() {
        return Optional.ofNullable(deadLetters);
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

    /** A snapshot for the readiness and liveness probes. */
    public StreamsStatus status() {
        return new StreamsStatus(name, streams.state(), restoring.size(), hasRun, closing, failure);
    }

    /** Counts restorations in progress, so readiness is DOWN while a store is incomplete. */
    private final class RestoreTracking implements StateRestoreListener {

        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
            restoring.add(store + "/" + partition);
            log.info("{}: restoring {} from {} (offsets {} to {})", name, store, partition, startingOffset, endingOffset);
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            restoring.remove(store + "/" + partition);
            log.info("{}: restored {} from {} ({} records)", name, store, partition, totalRestored);
        }

        @Override
        public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
            restoring.remove(store + "/" + partition); // the task moved to another instance
        }
    }
}
