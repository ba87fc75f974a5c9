package io.offlinesync.gateway.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Policy;
import io.offlinesync.schemas.AvroPackages;
import io.offlinesync.schemas.avro.InboxBatch;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/**
 * The real Apicurio serializer against a registry that accepts a request and never answers it: the sender
 * thread hangs in the registry client (which has no timeout) until the watchdog interrupts it; meanwhile
 * readiness is DOWN, and afterwards the sender serves the next batch.
 */
class SenderWatchdogTest {

    static final InboxSubmission SUBMISSION = new InboxSubmission("groceries", "ann-phone", 1764150000950L, List.of(
            new ClientEvent("0b9e0000-0000-4000-8000-000000000001", 1, new Hlc(1764150000000L, 0),
                    new EventBody.ListCreated("Groceries", Policy.LWW))));

    /** Long enough that the registry's quick 404 always beats it on a loaded machine (400 ms did not). */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);

    private HttpServer registry;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch hold = new CountDownLatch(1);

    @BeforeEach
    void startRegistry() throws Exception {
        AvroPackages.trust();
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        registry.createContext("/", exchange -> {
            if (requests.incrementAndGet() == 1) {
                try {
                    hold.await(); // the first lookup never gets an answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = "{\"error_code\":404,\"message\":\"no such artifact\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        hold.countDown();
        registry.stop(0);
    }

    @Test
    void aSendHungOnTheRegistryMakesReadinessDownUntilTheWatchdogInterruptsIt() {
        String url = "http://127.0.0.1:" + registry.getAddress().getPort();
        MockProducer<String, InboxBatch> producer = new MockProducer<>(true, null, new StringSerializer(),
                KafkaInboxAppender.valueSerializer(url));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (KafkaInboxAppender appender = new KafkaInboxAppender(producer, "todo.inbox", ACK_TIMEOUT, 1024,
                new InFlightBudget(64L * 1024 * 1024));
             SenderWatchdog watchdog = new SenderWatchdog(appender, meters, Duration.ofMillis(100))) {
            assertThatThrownBy(() -> appender.append(SUBMISSION)).isInstanceOf(InboxUnavailableException.class)
                    .hasMessageContaining("no acknowledgement");
            await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() == 1); // the client starts slowly

            // not started yet: nobody interrupts, so the sender stays in the registry call past the stall limit
            await().atMost(Duration.ofSeconds(10)).until(() -> watchdog.readiness().getStatus().equals(Status.DOWN));
            assertThat(appender.senderBusyFor()).isGreaterThan(appender.senderStallLimit());
            assertThat(watchdog.liveness().getStatus()).as("not yet three stall limits").isEqualTo(Status.UP);

            watchdog.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> appender.senderBusyFor().isZero());
            assertThat(meters.get("sync.ingest.sender.stalls").counter().count()).isEqualTo(1);
            assertThat(watchdog.readiness().getStatus()).isEqualTo(Status.UP);

            // the sender is free: the next batch reaches the registry again and fails at once on its answer
            long start = System.nanoTime();
            assertThatThrownBy(() -> appender.append(SUBMISSION)).isInstanceOf(InboxUnavailableException.class)
                    .hasMessageContaining("refused the batch");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ACK_TIMEOUT);
            assertThat(requests.get()).isGreaterThan(1);
            assertThat(producer.history()).isEmpty();
        }
    }
}
