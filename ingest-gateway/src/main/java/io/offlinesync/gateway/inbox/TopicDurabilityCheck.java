package io.offlinesync.gateway.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At startup, on a thread of its own (a slow or absent broker never holds up the start), describes the
 * topics the gateway's guarantees rest on and logs a WARN for each whose replication cannot keep a 202
 * through the loss of one broker ({@link TopicDurability}). Gives up at its deadline, saying so.
 */
public final class TopicDurabilityCheck {

    private static final Logger log = LoggerFactory.getLogger(TopicDurabilityCheck.class);

    private final Admin admin;
    private final List<String> topics;
    private final Duration deadline;
    private final Consumer<String> warn;
    private volatile Thread thread;
    private volatile boolean closed;

    public TopicDurabilityCheck(Admin admin, Collection<String> topics, Duration deadline) {
        this(admin, topics, deadline, log::warn);
    }

    TopicDurabilityCheck(Admin admin, Collection<String> topics, Duration deadline, Consumer<String> warn) {
        this.admin = admin;
        this.topics = List.copyOf(topics);
        this.deadline = deadline;
        this.warn = warn;
    }

    public void start() {
        thread = Thread.ofVirtual().name("topic-durability-check").start(this::run);
    }

    /** Stops a check still running (the admin client is closing too): nothing more is reported. */
    public void close() {
        closed = true;
        Thread started = thread;
        if (started != null) {
            started.interrupt();
        }
    }

    /** Waits for the check to end (for tests); true if it did within {@code wait}. */
    boolean awaitDone(Duration wait) throws InterruptedException {
        Thread started = thread;
        return started == null || started.join(wait);
    }

    private void run() {
        try {
            List<String> warnings = check();
            if (!closed) {
                warnings.forEach(warn);
            }
        } catch (TimeoutException e) {
            if (closed) {
                return;
            }
            warn.accept("could not check the replication of " + topics + " within " + deadline.toMillis()
                    + " ms (broker slow or unreachable): a topic with one replica would lose pushes answered 202 "
                    + "when its broker is lost");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | ExecutionException e) {
            if (closed) {
                return;
            }
            warn.accept("could not check the replication of " + topics + ": " + e.getMessage());
        }
    }

    /** The warnings for every topic that exists; a missing topic is reported too. */
    List<String> check() throws InterruptedException, ExecutionException, TimeoutException {
        long end = System.nanoTime() + deadline.toNanos();
        int timeoutMs = (int) deadline.toMillis();
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics,
                new DescribeTopicsOptions().timeoutMs(timeoutMs)).topicNameValues();
        List<String> warnings = new ArrayList<>();
        List<TopicDescription> found = new ArrayList<>();
        for (String topic : topics) {
            try {
                found.add(described.get(topic).get(remaining(end), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    warnings.add("topic " + topic + " does not exist (yet): its replication could not be checked");
                } else {
                    throw e;
                }
            }
        }
        if (found.isEmpty()) {
            return warnings;
        }
        List<ConfigResource> resources = found.stream()
                .map(d -> new ConfigResource(ConfigResource.Type.TOPIC, d.name())).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources,
                new DescribeConfigsOptions().timeoutMs(timeoutMs)).all().get(remaining(end), TimeUnit.NANOSECONDS);
        for (TopicDescription description : found) {
            int replicas = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            ConfigEntry minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, description.name()))
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            int minInSync = minIsr == null || minIsr.value() == null ? 1 : Integer.parseInt(minIsr.value());
            warnings.addAll(new TopicDurability(description.name(), replicas, minInSync).warnings());
        }
        return warnings;
    }

    private static long remaining(long end) {
        return Math.max(1, end - System.nanoTime());
    }
}
