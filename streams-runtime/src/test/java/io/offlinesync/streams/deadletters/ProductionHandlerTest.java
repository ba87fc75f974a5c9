package io.offlinesync.streams.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decisions of the production handler that write nothing: a retriable send error is retried, and a
 * failed write to the application's own changelog or repartition topic fails the thread (a skipped
 * changelog record would make a restored store lose state). Writing dead letters is in DeadLettersTest.
 */
class ProductionHandlerTest {

    private DeadLetters deadLetters;
    private DeadLetterHandlers.Production handler;

    @BeforeEach
    void setUp() {
        // never asked to send here; nothing listens on port 1
        deadLetters = new DeadLetters("todo-sequencer", new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)),
                new SimpleMeterRegistry(), DeadLetterProperties.defaults(), Clock.systemUTC());
        handler = new DeadLetterHandlers.Production();
        Properties props = deadLetters.install(new Properties());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, ?> configs = (Map) props;
        handler.configure(configs);
    }

    @AfterEach
    void tearDown() {
        deadLetters.close();
    }

    @Test
    void aRetriableSendErrorIsRetried() {
        assertThat(handler.handle(CONTEXT, record("todo.events"), new NotEnoughReplicasException("2 < 3")))
                .isEqualTo(ProductionExceptionHandlerResponse.RETRY);
    }

    @Test
    void aFailedWriteToAnInternalTopicFailsTheThread() {
        assertThat(handler.handle(CONTEXT, record("todo-sequencer-sequence-state-changelog"),
                new RecordTooLargeException("too large"))).isEqualTo(ProductionExceptionHandlerResponse.FAIL);
        assertThat(handler.handleSerializationException(CONTEXT, record("todo-sequencer-x-repartition"),
                new SerializationException("no"), SerializationExceptionOrigin.VALUE))
                .isEqualTo(ProductionExceptionHandlerResponse.FAIL);
        assertThat(deadLetters.recent()).isEmpty();
    }

    @Test
    void theLogTopicsAnApplicationNeverSkipsFailTheThread() {
        deadLetters.neverSkip("todo.events");
        assertThat(handler.handle(CONTEXT, record("todo.events"), new RecordTooLargeException("too large")))
                .isEqualTo(ProductionExceptionHandlerResponse.FAIL);
        assertThat(handler.handleSerializationException(CONTEXT, record("todo.events"),
                new SerializationException("no"), SerializationExceptionOrigin.VALUE))
                .isEqualTo(ProductionExceptionHandlerResponse.FAIL);
        assertThat(deadLetters.recent()).isEmpty();
    }

    @Test
    void aRecordThatFailsForAPassingReasonIsNotDeadLettered() {
        Exception registryAway = new SerializationException("writing to todo.lists.v1",
                new org.apache.kafka.common.errors.TimeoutException("no answer from the schema registry"));
        assertThat(handler.handleSerializationException(CONTEXT, record("todo.lists.v1"), registryAway,
                SerializationExceptionOrigin.VALUE)).isEqualTo(ProductionExceptionHandlerResponse.FAIL);
        assertThat(DeadLetterHandlers.passing(registryAway)).isTrue();
        assertThat(DeadLetterHandlers.passing(new SerializationException("unknown magic byte"))).isFalse();
        assertThat(deadLetters.recent()).isEmpty();
    }

    @Test
    void onlyTheApplicationsOwnChangelogsAndRepartitionTopicsAreInternal() {
        assertThat(handler.internal("todo-sequencer-sequence-state-changelog")).isTrue();
        assertThat(handler.internal("todo-sequencer-KSTREAM-x-repartition")).isTrue();
        assertThat(handler.internal("todo.events")).isFalse();
        assertThat(handler.internal("todo-query-api-heads-changelog")).isFalse();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic) {
        return new ProducerRecord<>(topic, new byte[] {1}, new byte[] {2});
    }

    private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
        @Override public String topic() { return "todo.inbox"; }
        @Override public int partition() { return 0; }
        @Override public long offset() { return 5; }
        @Override public Headers headers() { return new RecordHeaders(); }
        @Override public String processorNodeId() { return "sequencer"; }
        @Override public TaskId taskId() { return new TaskId(0, 0); }
        @Override public long timestamp() { return 1L; }
        @Override public byte[] sourceRawKey() { return new byte[] {1}; }
        @Override public byte[] sourceRawValue() { return new byte[] {2}; }
    };
}
