package io.offlinesync.gateway;

import static io.offlinesync.gateway.KafkaInboxAppenderTest.AVRO;
import static io.offlinesync.gateway.KafkaInboxAppenderTest.SUBMISSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.offlinesync.gateway.inbox.InFlightBudget;
import io.offlinesync.gateway.inbox.InboxOverloadedException;
import io.offlinesync.gateway.inbox.InboxPosition;
import io.offlinesync.gateway.inbox.InboxUnavailableException;
import io.offlinesync.gateway.inbox.KafkaInboxAppender;
import io.offlinesync.schemas.AvroPackages;
import io.offlinesync.schemas.avro.InboxBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The appender's bounds: bytes in flight (queued or awaiting the ack) and batches queued for the sender.
 * Over a bound a batch is shed at once with {@link InboxOverloadedException} (503), never queued, never
 * answered as written; whatever happens to a batch, its bytes come back.
 */
class KafkaInboxAppenderBackpressureTest {

    static final long BATCH_BYTES = SUBMISSION.estimatedBytes();
    static final Duration DEADLINE = Duration.ofSeconds(10);

    @BeforeAll
    static void trustAvro() {
        AvroPackages.trust();
    }

    static MockProducer<String, InboxBatch> neverAcking() {
        return new MockProducer<>(false, null, new StringSerializer(), AVRO);
    }

    @Test
    void theEstimateGrowsWithTheBatchAndCountsNonAsciiTitlesInUtf8Bytes() {
        assertThat(BATCH_BYTES).isBetween(200L, 1_000L);
        var longer = new io.offlinesync.gateway.inbox.InboxSubmission("groceries", "ann-phone", 1L, List.of(
                new io.offlinesync.domain.ClientEvent("0b9e0000-0000-4000-8000-000000000001", 1,
                        new io.offlinesync.domain.Hlc(1, 0),
                        new io.offlinesync.domain.EventBody.ListCreated("é".repeat(400),
                                io.offlinesync.domain.Policy.LWW))));
        assertThat(longer.estimatedBytes()).isGreaterThan(800L);
    }

    @Test
    void aBatchOverTheByteBudgetIsShedAtOnceWhileTheFirstWaitsForItsAck() throws Exception {
        MockProducer<String, InboxBatch> producer = neverAcking();
        // room for one batch and a half: the second does not fit while the first is unacknowledged
        try (KafkaInboxAppender appender = new KafkaInboxAppender(producer, "todo.inbox", DEADLINE, 1024,
                new InFlightBudget(BATCH_BYTES * 3 / 2));
             ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<InboxPosition> first = requests.submit(() -> appender.append(SUBMISSION));
            await().atMost(DEADLINE).until(() -> producer.history().size() == 1);
            assertThat(appender.inFlightBytes()).isEqualTo(BATCH_BYTES);

            long start = System.nanoTime();
            assertThatThrownBy(() -> appender.append(SUBMISSION))
                    .isInstanceOf(InboxOverloadedException.class)
                    .hasMessageContaining("would exceed the bound of " + BATCH_BYTES * 3 / 2);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(producer.history()).hasSize(1); // the shed batch was never handed to Kafka
            assertThat(first.isDone()).as("no answer before the ack").isFalse();

            producer.completeNext();
            assertThat(first.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
            await().atMost(DEADLINE).until(() -> appender.inFlightBytes() == 0);

            // the budget is free again: the next batch is taken
            Future<InboxPosition> third = requests.submit(() -> appender.append(SUBMISSION));
            await().atMost(DEADLINE).until(() -> producer.history().size() == 2);
            producer.completeNext();
            assertThat(third.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
        }
    }

    @Test
    void oneBatchLargerThanTheWholeBudgetIsStillServedAlone() {
        MockProducer<String, InboxBatch> producer = new MockProducer<>(true, null, new StringSerializer(), AVRO);
        try (KafkaInboxAppender appender = new KafkaInboxAppender(producer, "todo.inbox", DEADLINE, 1024,
                new InFlightBudget(1))) {
            assertThat(appender.append(SUBMISSION)).isNotNull();
            assertThat(appender.inFlightBytes()).isZero();
        }
    }

    @Test
    void timeoutsAndFailuresGiveEveryByteBack() throws Exception {
        MockProducer<String, InboxBatch> producer = neverAcking();
        try (KafkaInboxAppender appender = new KafkaInboxAppender(producer, "todo.inbox", Duration.ofMillis(300),
                1024, new InFlightBudget(BATCH_BYTES * 100));
             ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<InboxPosition>> answers = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                answers.add(requests.submit(() -> appender.append(SUBMISSION)));
            }
            for (Future<InboxPosition> answer : answers) {
                assertThatThrownBy(() -> answer.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(InboxUnavailableException.class)
                        .cause().isNotInstanceOf(InboxOverloadedException.class);
            }
            assertThat(appender.inFlightBytes()).isZero();

            // a send the broker fails after the request gave up releases nothing twice
            while (producer.errorNext(new NotEnoughReplicasException("late"))) {
                // fail every record still pending in the mock
            }
            assertThat(appender.inFlightBytes()).isZero();
        }
    }

    @Test
    void beyondTheQueuedBatchesBoundABatchIsShedAndTheQueuedOnesStillLand() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        MockProducer<String, InboxBatch> producer = new MockProducer<>(true, null, new StringSerializer(), AVRO) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, InboxBatch> record,
                                                            Callback callback) {
                if (history().isEmpty()) {
                    try {
                        unblock.await(10, TimeUnit.SECONDS); // the first send is stuck (e.g. on metadata)
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.send(record, callback);
            }
        };
        try (KafkaInboxAppender appender = new KafkaInboxAppender(producer, "todo.inbox", DEADLINE, 1,
                new InFlightBudget(BATCH_BYTES * 100));
             ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<InboxPosition> inSend = requests.submit(() -> appender.append(SUBMISSION));
            await().atMost(DEADLINE).until(() -> appender.inFlightBytes() == BATCH_BYTES);
            Future<InboxPosition> queued = requests.submit(() -> appender.append(SUBMISSION));
            await().atMost(DEADLINE).until(() -> appender.inFlightBytes() == 2 * BATCH_BYTES);

            assertThatThrownBy(() -> appender.append(SUBMISSION))
                    .isInstanceOf(InboxOverloadedException.class)
                    .hasMessageContaining("more than 1 batches are waiting");
            assertThat(appender.inFlightBytes()).isEqualTo(2 * BATCH_BYTES);
            assertThat(inSend.isDone() || queued.isDone()).as("nothing answered before its ack").isFalse();

            unblock.countDown();
            InboxPosition first = inSend.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            InboxPosition second = queued.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(second.offset()).isEqualTo(first.offset() + 1);
            assertThat(producer.history()).hasSize(2);
            await().atMost(DEADLINE).until(() -> appender.inFlightBytes() == 0);
        }
    }
}
