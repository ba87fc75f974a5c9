package io.offlinesync.streams.deadletters;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' three exception handlers, each writing the failed record to the dead-letter topic and
 * answering CONTINUE, so the partition goes on. Kafka Streams 4.1 has no dead-letter support of its own
 * (KIP-1034 came later), so they write through {@link DeadLetters}, which {@link DeadLetters#install} hands
 * them in the Streams properties. The dead letter always carries the source record (the bytes that were
 * read), so a redrive can feed it again.
 */
public final class DeadLetterHandlers {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandlers.class);

    private DeadLetterHandlers() {
    }

    static DeadLetters find(Map<String, ?> configs) {
        if (configs.get(DeadLetters.CONFIG) instanceof DeadLetters deadLetters) {
            return deadLetters;
        }
        throw new ConfigException(DeadLetters.CONFIG, configs.get(DeadLetters.CONFIG),
                "the dead-letter handlers need DeadLetters.install(properties)");
    }

    /** Writes the dead letter; a dead letter that cannot be written stops the thread rather than lose it. */
    private static boolean written(DeadLetters deadLetters, DeadLetter letter, Exception error) {
        try {
            deadLetters.write(letter);
            return true;
        } catch (DeadLetterWriteException e) {
            e.addSuppressed(error);
            log.error("{}: {}; failing the stream thread so that the record is not skipped",
                    deadLetters.application(), e.getMessage(), e);
            return false;
        }
    }

    /**
     * Whether {@code error} has a retriable cause (the schema registry or the broker away): the record is not at
     * fault, so it is not dead-lettered; the thread fails, and the record is read again after a restart.
     */
    public static boolean passing(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static boolean failsInstead(DeadLetters deadLetters, String stage, Exception exception) {
        if (passing(exception)) {
            log.error("{}: {} failed for a passing reason ({}); failing the stream thread rather than dead-letter a "
                    + "record that is not at fault", deadLetters.application(), stage, exception.toString());
            return true;
        }
        return false;
    }

    /** Key or value not readable: the record's own bytes go to the dead-letter topic. */
    public static final class Deserialization implements DeserializationExceptionHandler {

        private DeadLetters deadLetters;

        @Override
        public void configure(Map<String, ?> configs) {
            deadLetters = find(configs);
        }

        @Override
        public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                     Exception exception) {
            if (failsInstead(deadLetters, "deserialization", exception)) {
                return DeserializationHandlerResponse.FAIL;
            }
            DeadLetter letter = DeadLetter.of(deadLetters.application(), DeadLetterStage.DESERIALIZATION,
                    record.topic(), record.partition(), record.offset(), record.timestamp(),
                    context.processorNodeId(), exception, deadLetters.now(), record.key(), record.value(),
                    record.headers());
            return written(deadLetters, letter, exception)
                    ? DeserializationHandlerResponse.CONTINUE : DeserializationHandlerResponse.FAIL;
        }
    }

    /** A processor threw: the source record that was being processed goes to the dead-letter topic. */
    public static final class Processing implements ProcessingExceptionHandler {

        private DeadLetters deadLetters;

        @Override
        public void configure(Map<String, ?> configs) {
            deadLetters = find(configs);
        }

        @Override
        public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (failsInstead(deadLetters, "processing", exception)) {
                return ProcessingHandlerResponse.FAIL;
            }
            DeadLetter letter = DeadLetter.of(deadLetters.application(), DeadLetterStage.PROCESSING,
                    context.topic(), context.partition(), context.offset(), context.timestamp(),
                    context.processorNodeId(), exception, deadLetters.now(), context.sourceRawKey(),
                    context.sourceRawValue(), context.headers());
            return written(deadLetters, letter, exception)
                    ? ProcessingHandlerResponse.CONTINUE : ProcessingHandlerResponse.FAIL;
        }
    }

    /**
     * An output record could not be serialized or sent. A retriable send error is retried (the broker
     * may come back); anything else goes to the dead-letter topic, with the sink topic in the node header.
     * Except a write to one of the application's internal topics (a store's changelog, a repartition
     * topic): skipping it would leave the store and its changelog disagreeing, and a restore would then
     * lose state without a trace, so that fails the thread (health DOWN) instead; and the same for the
     * topics the application {@linkplain DeadLetters#neverSkip never skips} (the sequencer's log).
     */
    public static final class Production implements ProductionExceptionHandler {

        private DeadLetters deadLetters;

        @Override
        public void configure(Map<String, ?> configs) {
            deadLetters = find(configs);
        }

        @Override
        public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context,
                                                         ProducerRecord<byte[], byte[]> record, Exception exception) {
            if (exception instanceof RetriableException) {
                return ProductionExceptionHandlerResponse.RETRY;
            }
            if (internal(record.topic()) || deadLetters.neverSkips(record.topic())) {
                return failOnInternal(record.topic(), exception);
            }
            byte[] key = context.sourceRawKey() != null ? context.sourceRawKey() : record.key();
            byte[] value = context.sourceRawValue() != null ? context.sourceRawValue() : record.value();
            return deadLetter(context, record.topic(), key, value, exception);
        }

        @Override
        public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
                                                                               ProducerRecord record,
                                                                               Exception exception,
                                                                               SerializationExceptionOrigin origin) {
            if (failsInstead(deadLetters, "serialization", exception)) {
                return ProductionExceptionHandlerResponse.FAIL;
            }
            if (internal(record.topic()) || deadLetters.neverSkips(record.topic())) {
                return failOnInternal(record.topic(), exception);
            }
            return deadLetter(context, record.topic(), context.sourceRawKey(), context.sourceRawValue(), exception);
        }

        /** A store's changelog or a repartition topic of this application. */
        boolean internal(String topic) {
            return topic != null && topic.startsWith(deadLetters.application() + "-")
                    && (topic.endsWith("-changelog") || topic.endsWith("-repartition"));
        }

        private ProductionExceptionHandlerResponse failOnInternal(String topic, Exception exception) {
            log.error("{}: cannot write to {} ({}); failing the stream thread: skipping the record would make a "
                    + "store and its changelog disagree, or leave a hole in a list's log", deadLetters.application(),
                    topic, exception.toString());
            return ProductionExceptionHandlerResponse.FAIL;
        }

        private ProductionExceptionHandlerResponse deadLetter(ErrorHandlerContext context, String sink, byte[] key,
                                                              byte[] value, Exception exception) {
            String node = (context.processorNodeId() == null ? "" : context.processorNodeId()) + " -> " + sink;
            DeadLetter letter = DeadLetter.of(deadLetters.application(), DeadLetterStage.PRODUCTION,
                    context.topic(), context.partition(), context.offset(), context.timestamp(), node, exception,
                    deadLetters.now(), key, value, context.headers());
            return written(deadLetters, letter, exception)
                    ? ProductionExceptionHandlerResponse.CONTINUE : ProductionExceptionHandlerResponse.FAIL;
        }
    }
}
