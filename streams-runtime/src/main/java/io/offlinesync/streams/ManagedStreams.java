package io.offlinesync.streams;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import io.offlinesync.streams.deadletters.DeadLetters;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams application with the lifecycle the services need: logged state changes, a failing
 * thread is replaced a few times ({@link ThreadReplacements}: it resumes from the last commit, so nothing is
 * skipped) and then stops the client (health then reports it), and close leaves the consumer group so a
 * restarted instance does not wait out the session timeout.
 * It tracks what the health probes need ({@link #status()}): store partitions restoring, whether it has
 * run, whether it is closing. With {@link DeadLetters}, a record that cannot be deserialized, processed or
 * produced goes to the dead-letter topic and its partition goes on, instead of stopping the thread.
 */
public final class ManagedStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagedStreams.class);

    private final String name;
    private final KafkaStreams streams;
    private final DeadLetters deadLetters;
    private final ThreadReplacements replacements;
    /** What stopped the client (the replacement budget was spent), or null. */
    private volatile Throwable failure;
    /** The last failure a new thread replaced, or null. */
    private volatile Throwable replaced;
    private final AtomicInteger replacedThreads = new AtomicInteger();
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
        this(name, topology, props, deadLetters, ThreadReplacements.defaults());
    }

    /** With {@code replacements} deciding when a failed thread is replaced and when the client stops. */
    public ManagedStreams(String name, Topology topology, Properties props, DeadLetters deadLetters,
                          ThreadReplacements replacements) {
        this.name = name;
        this.deadLetters = deadLetters;
        this.replacements = replacements;
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
        streams.setUncaughtExceptionHandler(this::threadFailed);
        streams.start();
    }

    /** Runs on the failed thread, which is ending anyway: its wait holds up nothing else. */
    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse threadFailed(Throwable e) {
        Optional<Duration> wait = closing ? Optional.empty() : replacements.next();
        if (wait.isEmpty()) {
            failure = e;
            log.error("{}: stream thread failed ({} replaced before, budget {}); stopping this client", name,
                    replacedThreads.get(), replacements.budget(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        log.error("{}: stream thread failed; a new thread resumes from the last commit in {} ms", name,
                wait.get().toMillis(), e);
        try {
            Thread.sleep(wait.get());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        replaced = e;
        replacedThreads.incrementAndGet();
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
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

    /** What stopped the client, or null (a failure its replacement thread got past is not one). */
    public Throwable failure() {
        return failure;
    }

    /** Stream threads replaced after a failure since the start. */
    public int replacedThreads() {
        return replacedThreads.get();
    }

    /** The last failure a new thread replaced, or null. */
    public Throwable lastReplaced() {
        return replaced;
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
