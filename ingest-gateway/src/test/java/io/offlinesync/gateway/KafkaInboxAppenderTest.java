package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.VClock;
import io.offlinesync.gateway.inbox.InFlightBudget;
import io.offlinesync.gateway.inbox.InboxPosition;
import io.offlinesync.gateway.inbox.InboxRecordTooLargeException;
import io.offlinesync.gateway.inbox.InboxSubmission;
import io.offlinesync.gateway.inbox.InboxUnavailableException;
import io.offlinesync.gateway.inbox.KafkaInboxAppender;
import io.offlinesync.schemas.AvroPackages;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.avro.InboxBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The Kafka side of appending, against Kafka's MockProducer and a real producer with no broker. */
class KafkaInboxAppenderTest {

    static final InboxSubmission SUBMISSION = new InboxSubmission("groceries", "ann-phone", 1764150000950L, List.of(
            new ClientEvent("0b9e0000-0000-4000-8000-000000000001", 1, new Hlc(1764150000000L, 0),
                    new EventBody.ListCreated("Groceries", Policy.COUNTER)),
            new ClientEvent("0b9e0000-0000-4000-8000-000000000002", 2, new Hlc(1764150000100L, 1),
                    new EventBody.ItemAdded("milk", "Buy milk", 1, new VClock(Map.of("ann-phone", 1L)))),
            new ClientEvent("0b9e0000-0000-4000-8000-000000000003", 3, new Hlc(1764150000200L, 0),
                    new EventBody.ItemDeleted("milk", 2, new VClock(Map.of("ann-phone", 2L, "bob", 1L))))));

    /** Plain Avro binary, standing in for the registry serializer (which needs a registry). */
    static final Serializer<InboxBatch> AVRO = (topic, batch) -> {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(InboxBatch.class).write(batch, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    @BeforeAll
    static void trustAvro() {
        AvroPackages.trust();
    }

    /** The producer settings of a gateway on {@code bootstrap} with an extra {@code spring.kafka.producer} one. */
    /** An appender with the application's default bounds (sync.max-queued-batches, sync.max-in-flight-bytes). */
    static KafkaInboxAppender withDefaultBounds(Producer<String, InboxBatch> producer, String topic,
                                                Duration ackTimeout) {
        return new KafkaInboxAppender(producer, topic, ackTimeout, 1024, new InFlightBudget(64L * 1024 * 1024));
    }

    static Map<String, Object> producerConfig(String bootstrap, Duration ackTimeout) {
        return KafkaInboxAppender.producerConfig(ackTimeout,
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, "client.rack", "r1"));
    }

    @Test
    void aBatchIsOneRecordKeyedByListIdAndItsPositionIsReturned() throws Exception {
        MockProducer<String, InboxBatch> producer = new MockProducer<>(true, null, new StringSerializer(), AVRO);
        try (KafkaInboxAppender appender = withDefaultBounds(producer, "todo.inbox", Duration.ofSeconds(5))) {
            InboxPosition first = appender.append(SUBMISSION);
            InboxPosition second = appender.append(SUBMISSION);
            assertThat(second.offset()).isEqualTo(first.offset() + 1);
        }
        assertThat(producer.history()).hasSize(2);
        ProducerRecord<String, InboxBatch> record = producer.history().getFirst();
        assertThat(record.topic()).isEqualTo("todo.inbox");
        assertThat(record.key()).isEqualTo("groceries");
        assertThat(record.value().getClientId()).isEqualTo("ann-phone");
        assertThat(record.value().getReceivedMs()).isEqualTo(1764150000950L);
        assertThat(record.value().getEvents().stream().map(EventCodec::fromAvro).toList())
                .isEqualTo(SUBMISSION.events());
    }

    @Test
    void theRecordValueSurvivesAvroBinary() throws Exception {
        byte[] bytes = AVRO.serialize("todo.inbox", KafkaInboxAppender.toAvro(SUBMISSION));
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        InboxBatch back = new SpecificDatumReader<>(InboxBatch.class).read(null, decoder);
        assertThat(back.getListId()).isEqualTo("groceries");
        assertThat(back.getEvents().stream().map(EventCodec::fromAvro).toList()).isEqualTo(SUBMISSION.events());
    }

    @Test
    void anAcknowledgementThatNeverComesIsUnavailableAfterTheAckTimeout() {
        MockProducer<String, InboxBatch> producer = new MockProducer<>(false, null, new StringSerializer(), AVRO);
        try (KafkaInboxAppender appender = withDefaultBounds(producer, "todo.inbox", Duration.ofMillis(200))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> appender.append(SUBMISSION))
                    .isInstanceOf(InboxUnavailableException.class)
                    .hasMessageContaining("no acknowledgement");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(200L, 5_000L);
        }
    }

    @Test
    void aFailedSendIsUnavailableAndATooLargeRecordIsSaidSo() {
        MockProducer<String, InboxBatch> producer = new MockProducer<>(false, null, new StringSerializer(), AVRO);
        try (KafkaInboxAppender appender = withDefaultBounds(producer, "todo.inbox", Duration.ofSeconds(10))) {
            CompletableFuture<InboxPosition> notEnoughReplicas = CompletableFuture.supplyAsync(
                    () -> appender.append(SUBMISSION));
            await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
            producer.errorNext(new NotEnoughReplicasException("2 of 3 in sync"));
            assertThatThrownBy(notEnoughReplicas::join).hasCauseInstanceOf(InboxUnavailableException.class);

            CompletableFuture<InboxPosition> tooLarge = CompletableFuture.supplyAsync(() -> appender.append(SUBMISSION));
            await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
            producer.errorNext(new RecordTooLargeException("too large"));
            assertThatThrownBy(tooLarge::join).hasCauseInstanceOf(InboxRecordTooLargeException.class);
        }
    }

    @Test
    void aBatchWhoseRequestGaveUpWhileQueuedIsNeverSent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MockProducer<String, InboxBatch> producer = new MockProducer<>(true, null, new StringSerializer(), AVRO) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, InboxBatch> record, Callback callback) {
                if (history().isEmpty()) {
                    try {
                        release.await(10, TimeUnit.SECONDS); // a send stuck (e.g. on metadata)
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.send(record, callback);
            }
        };
        try (KafkaInboxAppender appender = withDefaultBounds(producer, "todo.inbox", Duration.ofMillis(200))) {
            assertThatThrownBy(() -> appender.append(SUBMISSION)).isInstanceOf(InboxUnavailableException.class);
            assertThatThrownBy(() -> appender.append(SUBMISSION)).isInstanceOf(InboxUnavailableException.class);
            release.countDown();
            InboxPosition third = appender.append(SUBMISSION);
            assertThat(third).isNotNull();
        }
        // the first was already in send() when its request gave up; the second was still queued: dropped
        assertThat(producer.history()).hasSize(2);
    }

    @Test
    void producerSettingsAreDurableAndBoundedByTheAckTimeout() {
        Map<String, Object> config = producerConfig("broker-1:9092,broker-2:9092", Duration.ofSeconds(10));
        assertThat(config).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker-1:9092,broker-2:9092")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_097_152)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 2)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000L)
                .containsEntry("client.rack", "r1");
        int requestTimeout = (Integer) config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        assertThat(requestTimeout + 2).isLessThanOrEqualTo(10_000);
        // KafkaProducer itself accepts the combination (it refuses delivery < linger + request timeout)
        Map<String, Object> local = new java.util.HashMap<>(config);
        local.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        new KafkaProducer<>(local, new StringSerializer(), AVRO).close(Duration.ZERO);
    }

    @Test
    void aRealProducerWithNoBrokerIsUnavailableWithinTheAckTimeout() {
        try (KafkaInboxAppender appender = withDefaultBounds(
                new KafkaProducer<>(producerConfig("127.0.0.1:1", Duration.ofMillis(600)),
                        new StringSerializer(), AVRO), "todo.inbox", Duration.ofMillis(600))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> appender.append(SUBMISSION)).isInstanceOf(InboxUnavailableException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(500L, 5_000L);
        }
    }
}
