package io.offlinesync.query.state;

import io.offlinesync.schemas.Topics;
import io.offlinesync.streams.KafkaClients;
import io.offlinesync.streams.projections.ActiveProjection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted topic todo.projections from its beginning on a thread of its own, so every
 * instance serves the same active projection, a restart keeps it and a switch applies within one poll
 * (no restart). Not a Kafka Streams global table: that one blocks the application's start until a broker
 * answers. Until the topic has been read to the end offset it had at start, {@link #current()} refuses
 * (503, like a restoring store) rather than serve the default and contradict an earlier switch.
 */
public final class ActiveProjectionWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActiveProjectionWatch.class);
    private static final TopicPartition PARTITION = new TopicPartition(Topics.PROJECTIONS, 0);

    private final Consumer<String, String> consumer;
    private final Thread thread;
    private volatile ActiveProjection current = ActiveProjection.DEFAULT;
    private volatile boolean caughtUp;
    private volatile boolean closing;

    /** @param kafka the service's client settings (security included) */
    public ActiveProjectionWatch(KafkaClients kafka) {
        this.consumer = kafka.newConsumer(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "query-api-projections-" + UUID.randomUUID()),
                new StringDeserializer(), new StringDeserializer());
        this.thread = Thread.ofPlatform().daemon().name("active-projection-watch").unstarted(this::follow);
    }

    public void start() {
        thread.start();
    }

    public ActiveProjection current() {
        if (!caughtUp) {
            throw new InvalidStateStoreException("the active projection is not known yet: reading " + Topics.PROJECTIONS);
        }
        return current;
    }

    private void follow() {
        try {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long startEnd = -1;
            while (!closing) {
                if (startEnd < 0) {
                    startEnd = endOffset();
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (ActiveProjection.KEY.equals(record.key())) {
                        apply(record.value());
                    }
                }
                if (!caughtUp && startEnd >= 0 && consumer.position(PARTITION) >= startEnd) {
                    caughtUp = true;
                    log.info("Serving projection {} (todo.projections read to offset {})", current.active(), startEnd);
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private long endOffset() {
        try {
            return consumer.endOffsets(List.of(PARTITION), Duration.ofSeconds(5)).get(PARTITION);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            log.warn("{} not reachable yet: {}", Topics.PROJECTIONS, e.getMessage());
            return -1;
        }
    }

    private void apply(String value) {
        try {
            ActiveProjection next = ActiveProjection.parse(value);
            if (!next.equals(current)) {
                log.info("Active projection: {} (previous {})", next.active(), next.previous());
            }
            current = next;
        } catch (IllegalArgumentException e) {
            log.error("Ignoring a malformed {} record: {}", Topics.PROJECTIONS, e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10));
    }
}
