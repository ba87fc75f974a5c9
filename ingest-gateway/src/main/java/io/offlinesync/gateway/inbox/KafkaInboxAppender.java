package io.offlinesync.gateway.inbox;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.offlinesync.gateway.GatewayProperties;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.RegistrySerdes;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.streams.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each batch as one {@code InboxBatch} record (key = listId) with an idempotent, acks=all producer,
 * and waits for the acknowledgement at most {@code ackTimeout}.
 *
 * <p>{@code send()} runs on one sender thread rather than the request thread: serialization may call the
 * schema registry, whose client has no timeout, and {@code send()} may block on metadata. The request
 * thread only waits for the outcome, so no request outlives the ack timeout. One thread also keeps sends
 * in arrival order; a batch whose request already gave up while queued is not sent. A send stuck beyond
 * {@link #senderStallLimit()} is interrupted by {@link SenderWatchdog}, and the health probes report it.
 *
 * <p>Backpressure: at most {@code maxQueuedBatches} batches wait for the sender thread, and at most
 * {@code maxInFlightBytes} (estimated record size) are queued or awaiting the broker's acknowledgement
 * (in the application that budget is shared with the request bodies being read: {@link InFlightBudget}).
 * A batch beyond either bound is shed at once ({@link InboxOverloadedException}, answered 503) instead of
 * queueing while Kafka is slow. A batch's bytes are released when its outcome is known: acknowledged,
 * failed, or given up by its request at the ack timeout.
 */
public final class KafkaInboxAppender implements InboxAppender, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaInboxAppender.class);

    private final Producer<String, InboxBatch> producer;
    private final String topic;
    private final Duration ackTimeout;
    private final int maxQueuedBatches;
    private final InFlightBudget budget;
    private final ThreadPoolExecutor sender;
    private final SenderActivity activity = new SenderActivity();

    /** With a budget shared with the web layer, which reserves request bodies on it while reading them. */
    public KafkaInboxAppender(Producer<String, InboxBatch> producer, String topic, Duration ackTimeout,
                              int maxQueuedBatches, InFlightBudget budget) {
        this.producer = producer;
        this.topic = topic;
        this.ackTimeout = ackTimeout;
        this.maxQueuedBatches = maxQueuedBatches;
        this.budget = budget;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxQueuedBatches), runnable -> {
                    Thread thread = new Thread(runnable, "inbox-sender");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * The appender the application runs with: a KafkaProducer writing the registry's wire format, of the
     * service's producer settings ({@code spring.kafka.producer.*}, {@code spring.kafka.properties.*}). Not
     * a {@code KafkaTemplate}: the sender thread, its watchdog and the durability check need the raw producer.
     */
    public static KafkaInboxAppender create(GatewayProperties properties, KafkaClients kafka, InFlightBudget budget) {
        return new KafkaInboxAppender(
                new KafkaProducer<>(producerConfig(properties.ackTimeout(), kafka.producer()), new StringSerializer(),
                        valueSerializer(properties.registry().url())),
                properties.inboxTopic(), properties.ackTimeout(), properties.maxQueuedBatches(), budget);
    }

    /** The producer's own metrics (record-send-rate, request-latency-avg, ...), for the meter registry. */
    public KafkaClientMetrics producerMetrics() {
        return new KafkaClientMetrics(producer);
    }

    /** How long the sender thread has been inside its current {@code send()}; zero when idle. */
    public Duration senderBusyFor() {
        return activity.busyFor();
    }

    /**
     * The longest a healthy {@code send()} can take: Kafka bounds its own blocking by max.block.ms (= the
     * ack timeout); beyond that (plus a margin) the sender is stuck elsewhere, e.g. in a registry call.
     */
    public Duration senderStallLimit() {
        return ackTimeout.plusSeconds(1);
    }

    /** Interrupts a send stuck beyond {@link #senderStallLimit()} (see {@link SenderWatchdog}); true if it did. */
    boolean interruptStuckSender() {
        return activity.interruptIfBusyLongerThan(senderStallLimit());
    }

    /** Estimated bytes of the batches queued or awaiting acknowledgement now. */
    public long inFlightBytes() {
        return budget.inFlightBytes();
    }

    /** The Apicurio serializer in Confluent wire format (see {@link RegistrySerdes}). */
    static Serializer<InboxBatch> valueSerializer(String registryUrl) {
        Map<String, Object> config = new HashMap<>(RegistrySerdes.config(registryUrl));
        // A schema's id never changes: when a cache refresh cannot reach the registry, keep the known id.
        config.put(SerdeConfig.FAULT_TOLERANT_REFRESH, true);
        AvroKafkaSerializer<InboxBatch> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        return serializer;
    }

    /**
     * Producer settings: durable (acks=all, idempotent), large enough for a 1 MiB batch, bounded in time; the
     * service's {@code producer} settings ({@code spring.kafka.producer.*}) over these defaults, then checked.
     */
    public static Map<String, Object> producerConfig(Duration ackTimeout, Map<String, ?> producer) {
        long ackMs = ackTimeout.toMillis();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-gateway");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_097_152);
        // 1 to 5 ms keeps latency low and still batches
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // A 100-event batch is one record of about 7.7 KB: Kafka's default 16 KiB fits two per partition request;
        // 64 KiB (as the raw producer of bench/run.sh ingest is given) fits eight.
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
        // Kafka stops retrying when the request stops waiting, so a 503 rarely hides a late write
        // (one would still be harmless: the sequencer drops duplicates and the device retries).
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ackMs);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackMs);
        config.putAll(producer);
        // Leaves room for one retry inside the delivery timeout; Kafka requires delivery >= linger + request.
        long lingerMs = Math.max(0, Long.parseLong(String.valueOf(config.get(ProducerConfig.LINGER_MS_CONFIG)).trim()));
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, (ackMs - lingerMs) / 2));
        ProducerDurability.require(config);
        return config;
    }

    @Override
    public InboxPosition append(InboxSubmission submission) {
        ProducerRecord<String, InboxBatch> record = new ProducerRecord<>(topic, submission.listId(), toAvro(submission));
        long bytes = submission.estimatedBytes();
        if (!budget.tryReserve(bytes)) {
            throw new InboxOverloadedException(budget.inFlightBytes() + " bytes of batches are awaiting "
                    + topic + "; a batch of about " + bytes + " more would exceed the bound of "
                    + budget.maxBytes(), null);
        }
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        // Every way the outcome becomes known (ack, failure, the request giving up, refusal) completes
        // this future; the bytes are released once, by whichever comes first: the completion's action, or
        // the request answering (get() may return before the completing thread has run the action).
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                budget.release(bytes);
            }
        };
        acked.whenComplete((metadata, error) -> release.run());
        try {
            return awaitAck(record, acked);
        } finally {
            release.run();
        }
    }

    private InboxPosition awaitAck(ProducerRecord<String, InboxBatch> record,
                                   CompletableFuture<RecordMetadata> acked) {
        try {
            sender.execute(() -> send(record, acked));
        } catch (RejectedExecutionException e) {
            acked.cancel(false);
            if (sender.isShutdown()) {
                throw new InboxUnavailableException("the gateway is shutting down", e);
            }
            throw new InboxOverloadedException("more than " + maxQueuedBatches + " batches are waiting to be sent",
                    e);
        }
        try {
            RecordMetadata metadata = acked.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new InboxPosition(metadata.partition(), metadata.offset());
        } catch (TimeoutException e) {
            acked.cancel(false);
            throw new InboxUnavailableException("no acknowledgement from " + topic + " within " + ackTimeout.toMillis()
                    + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
                throw new InboxRecordTooLargeException(cause.getMessage(), cause);
            }
            throw new InboxUnavailableException(topic + " refused the batch: " + cause, cause);
        } catch (InterruptedException e) {
            acked.cancel(false);
            Thread.currentThread().interrupt();
            throw new InboxUnavailableException("interrupted while waiting for " + topic, e);
        }
    }

    private void send(ProducerRecord<String, InboxBatch> record, CompletableFuture<RecordMetadata> acked) {
        if (acked.isDone()) {
            return; // the request gave up while this batch was queued: do not write what was answered 503
        }
        activity.begin();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        } finally {
            activity.end();
        }
    }

    /** The record value of a batch. */
    public static InboxBatch toAvro(InboxSubmission submission) {
        return new InboxBatch(submission.listId(), submission.clientId(), submission.receivedMs(),
                submission.events().stream().map(EventCodec::toAvro).toList(), submission.userId());
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        log.info("Inbox producer closed");
    }
}
