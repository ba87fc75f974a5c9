package io.offlinesync.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.offlinesync.streams.deadletters.DeadLetters;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.KafkaStreamsCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.CleanupConfig;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

/**
 * One Kafka Streams application on Spring Kafka's {@link StreamsBuilderFactoryBean} (close: 15 s, leaving the
 * group so a restarted instance does not wait out the session timeout), plus what the services need: a failing
 * thread is replaced a few times ({@link ThreadReplacements}: it resumes from the last commit) and then stops the
 * client; what the probes need ({@link #status()}); with {@link DeadLetters}, a record that cannot be
 * deserialized, processed or produced goes to the dead-letter topic and its partition goes on.
 *
 * <p>The factory bean is driven here, not registered as a bean: the projections are a runtime list (PROJECTIONS),
 * the replay CLI runs one without a Spring context, and each service's probes want one list
 * ({@link StreamsApplications}, the bean that starts and closes them).
 */
public final class ManagedStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagedStreams.class);
    private static final int CLOSE_TIMEOUT_SECONDS = 15;

    private final String name;
    private final Topology topology;
    private final StreamsBuilderFactoryBean factory;
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

    /**
     * With {@code deadLetters} (closed with this) taking every record that fails; without (null), a record that
     * fails stops the stream thread.
     */
    public ManagedStreams(String name, Topology topology, Properties props, DeadLetters deadLetters) {
        this(name, topology, props, deadLetters, ThreadReplacements.defaults());
    }

    /** With {@code replacements} deciding when a failed thread is replaced and when the client stops. */
    public ManagedStreams(String name, Topology topology, Properties props, DeadLetters deadLetters,
                          ThreadReplacements replacements) {
        this.name = name;
        this.topology = topology;
        this.deadLetters = deadLetters;
        this.replacements = replacements;
        Properties effective = new Properties();
        effective.putAll(props);
        if (deadLetters != null) {
            deadLetters.install(effective);
        }
        factory = new StreamsBuilderFactoryBean();
        factory.setStreamsConfiguration(effective);
        factory.setCleanupConfig(new CleanupConfig(false, false)); // local state kept: a restart resumes from it
        factory.setBeanName(name);
        factory.setKafkaStreamsCustomizer(new OurTopology());
        factory.setStateListener((next, previous) -> {
            if (next == KafkaStreams.State.RUNNING) {
                hasRun = true;
            }
            log.info("{}: {} -> {}", name, previous, next);
        });
        factory.setStateRestoreListener(new RestoreTracking());
        factory.setStreamsUncaughtExceptionHandler(this::threadFailed);
        factory.setCloseTimeout(CLOSE_TIMEOUT_SECONDS);
        factory.setLeaveGroupOnClose(true);
    }

    /**
     * Kafka Streams' own metrics (and its consumers' and producers': records-lag, commit latency, ...) as
     * Micrometer meters tagged {@code application=<name>}, bound while it runs.
     */
    public ManagedStreams withMetrics(MeterRegistry meters) {
        factory.addListener(new KafkaStreamsMicrometerListener(meters, List.of(Tag.of("application", name))));
        return this;
    }

    /** The factory bean's StreamsBuilder stays empty: our topologies are built on {@link Topology} directly. */
    private final class OurTopology implements KafkaStreamsCustomizer {

        @Override
        public KafkaStreams initKafkaStreams(Topology ignored, Properties properties, KafkaClientSupplier clients) {
            return new KafkaStreams(topology, properties, clients);
        }

        @Override
        public void customize(KafkaStreams kafkaStreams) {
        }
    }

    /** The factory bean's own StreamsBuilder is not built ({@link OurTopology} has the topology). */
    public void start() {
        log.info("{}: topology\n{}", name, topology.describe());
        factory.start();
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
        factory.stop();
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

    /** The running client, for store lookups and metadata. */
    public KafkaStreams streams() {
        KafkaStreams streams = factory.getKafkaStreams();
        if (streams == null) { // an InvalidStateStoreException: a read answers 503
            throw new StreamsNotStartedException(name + " is " + (closing ? "closed" : "not started"));
        }
        return streams;
    }

    public KafkaStreams.State state() {
        KafkaStreams streams = factory.getKafkaStreams();
        return streams != null ? streams.state() : closing ? KafkaStreams.State.NOT_RUNNING : KafkaStreams.State.CREATED;
    }

    /** RUNNING, or REBALANCING while it is still healthy. */
    public boolean healthy() {
        KafkaStreams.State state = state();
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
        return new StreamsStatus(name, state(), restoring.size(), hasRun, closing, failure);
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
