package io.offlinesync.streams.projections;

import io.offlinesync.streams.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The operator's view and switch of projections, shared by the {@code projections} command line and
 * query-api's admin endpoints: lag of each projection's consumer group on todo.events, the active
 * projection (compacted topic todo.projections) and the switch, which is refused unless the target
 * has caught up.
 */
public final class ProjectionControl implements AutoCloseable {

    public static final String EVENTS = "todo.events";
    public static final String CONTROL_TOPIC = "todo.projections";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final KafkaClients kafka;
    private final String bootstrapServers;
    private final Admin admin;

    /** @param kafka the service's (or the command's) client settings: security included */
    public ProjectionControl(KafkaClients kafka) {
        this.kafka = kafka;
        this.bootstrapServers = kafka.bootstrapServers();
        this.admin = kafka.newAdmin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "projection-control"));
    }

    /**
     * Fails fast, and plainly, when no broker answers within {@code within}: an operator's command should not
     * wait out the clients' 60 s timeouts to say that the cluster is down.
     */
    public ProjectionControl requireReachable(Duration within) {
        try {
            admin.describeCluster().nodes().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka at " + bootstrapServers, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " is not reachable within "
                    + within.toSeconds() + " s (is it up? set --bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS)", e);
        }
    }

    /** The consumer group (Kafka Streams application id) of a projection named {@code v2} or {@code v1-check}. */
    public static String applicationId(String projection) {
        return "todo-projection-" + projection;
    }

    /**
     * Creates the state topic of projection {@code projection} ({@code todo.lists.v3}) unless it exists: compacted, as
     * many partitions as todo.events (a list's state stays in the partition of its log), room for the largest state a
     * list's bounds allow. The code that runs or serves a projection calls it, so a new projection needs no script.
     *
     * @param within how long it may wait for the broker in all
     * @return whether it created the topic
     */
    public boolean ensureStateTopic(String projection, short replicationFactor, Duration within) {
        String topic = "todo.lists." + projection;
        long ms = within.toMillis();
        int partitions;
        try {
            if (admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS).contains(topic)) {
                return false;
            }
            partitions = admin.describeTopics(List.of(EVENTS)).allTopicNames().get(ms, TimeUnit.MILLISECONDS)
                    .get(EVENTS).partitions().size();
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw failure("creating " + topic, e);
        }
        return !kafka.createMissing(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions,
                replicationFactor).configs(Map.of("cleanup.policy", "compact", "max.message.bytes", "2097152"))),
                within).isEmpty();
    }

    /**
     * {@link #ensureStateTopic} for each projection a service runs or serves, at its startup: best effort, a broker
     * away is logged and not fatal (the applications wait for it; the topic must exist before one writes or reads it).
     *
     * @param within how long it waits for the broker for each projection: the service's
     *               {@code sync.topics.creation-timeout}, as for the topics it declares
     */
    public void ensureStateTopicsAtStartup(java.util.Collection<String> projections, short replicationFactor,
                                           Duration within) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProjectionControl.class);
        List<String> all = List.copyOf(projections);
        for (int i = 0; i < all.size(); i++) {
            String projection = all.get(i);
            try {
                if (ensureStateTopic(projection, replicationFactor, within)) {
                    log.info("created todo.lists.{} for projection {}", projection, projection);
                }
            } catch (RuntimeException e) {
                if (timedOut(e)) { // the broker away: asking for each of the others would add `within` each to the start
                    log.warn("could not make sure the state topics of projections {} exist ({}); each must before "
                            + "its projection is written or read", all.subList(i, all.size()), e.getMessage());
                    return;
                }
                log.warn("could not make sure todo.lists.{} exists ({}); it must before projection {} is written "
                        + "or read", projection, e.getMessage(), projection);
            }
        }
    }

    /** End offsets of todo.events, per partition. */
    public Map<Integer, Long> endOffsets() {
        try {
            int partitions = admin.describeTopics(List.of(EVENTS)).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .get(EVENTS).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(EVENTS, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw failure("reading the end offsets of " + EVENTS, e);
        }
    }

    /**
     * The projection's lag per partition of todo.events. todo.events is written in transactions, so the
     * log ends with commit markers that a consumer never "processes": a partition whose committed offset
     * has no data record after it (only markers) has lag 0.
     */
    public ProjectionLag lag(String projection) {
        String group = applicationId(projection);
        Map<Integer, Long> ends = endOffsets();
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<Integer, Long> lags = new HashMap<>();
            for (Map.Entry<Integer, Long> end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(new TopicPartition(EVENTS, end.getKey()));
                long position = at == null ? 0 : at.offset();
                lags.put(end.getKey(), Math.max(0, end.getValue() - position));
            }
            markersOnly(lags, committed);
            return new ProjectionLag(projection, group, lags, members(group));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw failure("reading the committed offsets of " + group, e);
        }
    }

    /** Live members of a consumer group: a running instance of that application. */
    public int members(String group) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return description.members().size();
        } catch (ExecutionException e) {
            return 0; // an unknown group has no members
        } catch (InterruptedException | TimeoutException e) {
            throw failure("describing group " + group, e);
        }
    }

    /** Sets to 0 the lags that are only transaction markers (read_committed finds no record after them). */
    private void markersOnly(Map<Integer, Long> lags, Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> behind = new HashMap<>();
        lags.forEach((partition, lag) -> {
            if (lag > 0 && lag <= 16) {
                OffsetAndMetadata at = committed.get(new TopicPartition(EVENTS, partition));
                behind.put(new TopicPartition(EVENTS, partition), at == null ? 0 : at.offset());
            }
        });
        if (behind.isEmpty()) {
            return;
        }
        try (Consumer<String, String> consumer = consumer()) {
            TransactionMarkers.onlyMarkersAfter(consumer, behind, TIMEOUT).forEach(tp -> lags.put(tp.partition(), 0L));
        }
    }

    /** The active projection as the control topic says (read to its end), or the default. */
    public ActiveProjection active() {
        TopicPartition partition = new TopicPartition(CONTROL_TOPIC, 0);
        try (Consumer<String, String> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            String value = null;
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (consumer.position(partition) < end) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + CONTROL_TOPIC + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (ActiveProjection.KEY.equals(record.key())) {
                        value = record.value();
                    }
                }
            }
            return ActiveProjection.parse(value);
        }
    }

    /**
     * Makes {@code projection} the active one, unless it lags on some partition of todo.events.
     *
     * @throws NotCaughtUp with the lag when it lags
     */
    public ActiveProjection activate(String projection) {
        ProjectionLag lag = lag(projection);
        if (!lag.caughtUp()) {
            throw new NotCaughtUp(lag);
        }
        ActiveProjection next = active().switchTo(projection);
        write(next);
        return next;
    }

    /** Switches back to the previous projection (which must have caught up as well). */
    public ActiveProjection rollback() {
        ActiveProjection current = active();
        if (current.previous() == null) {
            throw new NoPrevious(current.active());
        }
        ProjectionLag lag = lag(current.previous());
        if (!lag.caughtUp()) {
            throw new NotCaughtUp(lag);
        }
        ActiveProjection next = current.switchTo(current.previous());
        write(next);
        return next;
    }

    private void write(ActiveProjection record) {
        try (Producer<String, String> producer = kafka.newProducer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(CONTROL_TOPIC, 0, ActiveProjection.KEY, record.toJson()))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw failure("writing " + CONTROL_TOPIC, e);
        }
    }

    private Consumer<String, String> consumer() {
        return kafka.newConsumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "projection-control-" + UUID.randomUUID()),
                new StringDeserializer(), new StringDeserializer());
    }

    /** Whether {@code e} comes of a call that ran out of time (Kafka's or the JDK's TimeoutException). */
    static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        // a TimeoutException has no message: "failed: null" told an operator nothing
        return new IllegalStateException(what + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage()), e);
    }

    /**
     * Without waiting: every method waits for its own calls, so any still pending are ones a method gave up on (a
     * broker away), and waiting for them would only add seconds to a start or a command that already failed.
     */
    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }

    /** Rollback asked while nothing was activated before the active projection. */
    public static final class NoPrevious extends RuntimeException {
        public NoPrevious(String active) {
            super("no previous projection to roll back to (active: " + active + ")");
        }
    }

    /** The projection has not caught up with todo.events: switching to it would serve stale state. */
    public static final class NotCaughtUp extends RuntimeException {
        private final ProjectionLag lag;

        public NotCaughtUp(ProjectionLag lag) {
            super("projection " + lag.projection() + " has not caught up with " + EVENTS + ": lag "
                    + lag.total() + " (per partition " + lag.partitions() + ")");
            this.lag = lag;
        }

        public ProjectionLag lag() {
            return lag;
        }
    }
}
