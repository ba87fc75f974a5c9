package io.offlinesync.gateway;

import static io.offlinesync.gateway.PushTest.batch;
import static io.offlinesync.gateway.PushTest.listCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.access.membership.InMemoryMembershipView;
import io.offlinesync.access.membership.MembershipView;
import io.offlinesync.gateway.inbox.InboxAppender;
import io.offlinesync.gateway.inbox.KafkaInboxAppender;
import io.offlinesync.schemas.AvroPackages;
import io.offlinesync.testing.EmbeddedBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admission end to end, on a real (in-JVM KRaft) broker: the gateway's own admin client reads the lag of the
 * sequencer's group on {@code todo.inbox} and of the query-api's on {@code todo.events}, which the test sets by
 * committing those groups' offsets (no sequencer or query-api runs; nothing of Kafka is mocked). Pushes go through
 * the real appender into {@code todo.inbox} (plain Avro instead of the registry's serializer: no registry here),
 * so "nothing written" is read from the topic's end offsets. Bounds are small: 10 batches, 20 entries.
 */
@ExtendWith(PipelineBehindTest.BrokerLast.class) // before @SpringBootTest: its afterAll runs once the context is closed
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=ingest-gateway",
        "sync.registry.register-on-startup=false",
        "sync.topic-check.enabled=false",
        "sync.rate-limit.pushes-per-second=10000",
        "sync.rate-limit.burst=10000",
        "sync.admission.interval=1s",
        "sync.admission.max-inbox-lag=10",
        "sync.admission.max-events-lag=20"})
@DirtiesContext
class PipelineBehindTest {

    static final String INBOX = "todo.inbox";
    static final String EVENTS = "todo.events";
    static final EmbeddedKafkaKraftBroker BROKER = startBroker();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TestBean(name = "inboxAppender", methodName = "kafkaInbox")
    InboxAppender inboxAppender;

    @TestBean(name = "membershipView", methodName = "noMembers")
    MembershipView membershipView;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    static EmbeddedKafkaKraftBroker startBroker() {
        AvroPackages.trust();
        return EmbeddedBroker.start(2, new NewTopic(INBOX, 2, (short) 1), new NewTopic(EVENTS, 2, (short) 1));
    }

    static Admin admin(EmbeddedKafkaKraftBroker broker) {
        return Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
    }

    /** The real appender, writing plain Avro to the test's broker. */
    static InboxAppender kafkaInbox() {
        Duration ackTimeout = Duration.ofSeconds(10);
        return KafkaInboxAppenderTest.withDefaultBounds(new KafkaProducer<>(KafkaInboxAppenderTest.producerConfig(
                BROKER.getBrokersAsString(), ackTimeout), new StringSerializer(), KafkaInboxAppenderTest.AVRO), INBOX,
                ackTimeout);
    }

    static MembershipView noMembers() {
        return new InMemoryMembershipView();
    }

    @DynamicPropertySource
    static void kafkaAndIssuer(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("sync.access.issuer-uri", TestIssuer::issuerUri);
    }

    /**
     * Stops the broker after the application (closed by {@code @DirtiesContext} in Spring's own afterAll, which
     * runs before this one: extensions' afterAll run in the reverse of their registration), whose clients would
     * otherwise go on calling a broker that is gone.
     */
    static final class BrokerLast implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) {
            BROKER.destroy();
        }
    }

    @Test
    void aSequencerFarBehindMakesPushes503WithRetryAfterWritingNothingUntilItCatchesUp() throws Exception {
        try (Admin admin = admin(BROKER)) {
            commitAtEnd(admin, "todo-query-api", EVENTS);
            // 30 batches nobody has sequenced; the sequencer's group committed only the first 2 of each partition
            produce(INBOX, 15);
            commit(admin, "todo-sequencer", INBOX, Map.of(0, 2L, 1, 2L));
            long behind = total(ends(admin, INBOX)) - 4;
            assertThat(behind).isGreaterThanOrEqualTo(26);

            // a reading of exactly this (not one taken while the test was still writing), and the sequencer not
            // advancing between two readings: the estimate is the longest, 30 s
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode admission = admissionHealth().path("details");
                assertThat(admission.path("admission").asString()).isEqualTo("closed");
                assertThat(admission.path("inbox").path("lag").asLong()).isEqualTo(behind);
                assertThat(admission.path("retryAfterSeconds").asLong()).isEqualTo(30);
            });
            Map<Integer, Long> before = ends(admin, INBOX);
            double refusedBefore = meters.get("sync.gateway.admission.refused").counter().count();

            HttpResponse<String> refused = push(1);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.path("type").asString()).isEqualTo("urn:offlinesync:problem:pipeline-behind");
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(problem.path("title").asString()).isEqualTo("Sync pipeline behind");
            assertThat(problem.path("detail").asString())
                    .contains(behind + " batches of todo.inbox not yet sequenced")
                    .contains("todo-sequencer, bound 10").contains("nothing was written")
                    .doesNotContain("todo.events");
            assertThat(problem.path("inboxLag").asLong()).isEqualTo(behind);
            assertThat(problem.path("maxInboxLag").asLong()).isEqualTo(10);
            assertThat(ends(admin, INBOX)).as("nothing appended to todo.inbox").isEqualTo(before);
            assertThat(meters.get("sync.gateway.admission.refused").counter().count()).isEqualTo(refusedBefore + 1);
            assertThat(meters.get("sync.ingest.requests").tag("outcome", "pipeline-behind").counter().count())
                    .isPositive();

            // a closed admission is not a reason to take the gateway out of the load balancer
            HttpResponse<String> readiness = get("/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
            assertThat(JSON.readTree(readiness.body()).path("components").has("admission")).isFalse();
            assertThat(meters.get("sync.gateway.pipeline.lag").tag("topic", INBOX).gauge().value())
                    .isEqualTo(behind);

            // the sequencer catches up: pushes are taken again, and the one answered 202 is in todo.inbox
            commitAtEnd(admin, "todo-sequencer", INBOX);
            await().atMost(Duration.ofSeconds(30)).until(() -> push(1).statusCode() == 202);
            assertThat(total(ends(admin, INBOX))).isEqualTo(total(before) + 1);
            assertThat(admissionHealth().path("details").path("admission").asString()).isEqualTo("open");
        }
    }

    @Test
    void aQueryApiFarBehindOnTheLogMakesPushes503TooUntilItCatchesUp() throws Exception {
        try (Admin admin = admin(BROKER)) {
            commitAtEnd(admin, "todo-sequencer", INBOX);
            // 30 entries the query-api has not indexed: from the group's last commit (none on todo.events yet,
            // or the end of the other test's), everything after it
            commitAtEnd(admin, "todo-query-api", EVENTS);
            produce(EVENTS, 15);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode admission = admissionHealth().path("details");
                assertThat(admission.path("admission").asString()).isEqualTo("closed");
                assertThat(admission.path("events").path("lag").asLong()).isEqualTo(30);
            });
            Map<Integer, Long> before = ends(admin, INBOX);
            HttpResponse<String> refused = push(2);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 30L);
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.path("type").asString()).isEqualTo("urn:offlinesync:problem:pipeline-behind");
            assertThat(problem.path("detail").asString()).contains("30 records of todo.events not yet indexed")
                    .contains("todo-query-api, bound 20").doesNotContain("todo.inbox");
            assertThat(problem.path("eventsLag").asLong()).isEqualTo(30);
            assertThat(ends(admin, INBOX)).as("nothing appended to todo.inbox").isEqualTo(before);
            assertThat(meters.get("sync.gateway.pipeline.lag").tag("topic", EVENTS).gauge().value()).isEqualTo(30);

            commitAtEnd(admin, "todo-query-api", EVENTS);
            await().atMost(Duration.ofSeconds(30)).until(() -> push(2).statusCode() == 202);
            assertThat(total(ends(admin, INBOX))).isEqualTo(total(before) + 1);
        }
    }

    @Test
    void pushesFasterThanTheReadingsStopAtTheBoundInsteadOfOvershootingIt() throws Exception {
        try (Admin admin = admin(BROKER)) {
            commitAtEnd(admin, "todo-sequencer", INBOX);
            commitAtEnd(admin, "todo-query-api", EVENTS);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode admission = admissionHealth().path("details");
                assertThat(admission.path("admission").asString()).isEqualTo("open");
                assertThat(admission.path("inbox").path("lag").asLong()).isZero();
                assertThat(admission.path("events").path("lag").asLong()).isZero();
            });
            Map<Integer, Long> before = ends(admin, INBOX);

            // 25 pushes at once, well within one reading's interval; nobody sequences them. Read alone, the lag (0) is
            // under its bound of 10 until the next reading, so all 25 were taken before the pushes counted.
            List<CompletableFuture<HttpResponse<String>>> pushes = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                pushes.add(HTTP.sendAsync(pushRequest(3), HttpResponse.BodyHandlers.ofString()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> push : pushes) {
                statuses.add(push.get(60, TimeUnit.SECONDS).statusCode());
            }
            long accepted = statuses.stream().filter(status -> status == 202).count();
            assertThat(statuses).as("each push taken or refused as behind").containsOnly(202, 503);
            assertThat(accepted).as("the inbox lag stops at its bound").isBetween(1L, 10L);
            assertThat(total(ends(admin, INBOX)) - total(before)).as("what was taken is what was written")
                    .isEqualTo(accepted);
        }
    }

    /** A new list each time, so that a push taken is one more inbox record and nothing else. */
    private HttpResponse<String> push(int test) throws Exception {
        return HTTP.send(pushRequest(test), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest pushRequest(int test) {
        String list = "behind-" + test + "-" + System.nanoTime();
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/lists/" + list + "/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", TestIssuer.bearer("ann"))
                .POST(HttpRequest.BodyPublishers.ofString(batch("ann-phone", List.of(listCreated(1))),
                        StandardCharsets.UTF_8))
                .build();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The health component {@code admission}, as an operator reads it; always UP. */
    private JsonNode admissionHealth() throws Exception {
        HttpResponse<String> health = get("/actuator/health", "Bearer " + TestIssuer.adminToken("ops"));
        JsonNode admission = JSON.readTree(health.body()).path("components").path("admission");
        assertThat(admission.path("status").asString()).as(health.body()).isEqualTo("UP");
        return admission;
    }

    private static void produce(String topic, int perPartition) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                BROKER.getBrokersAsString()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int partition = 0; partition < 2; partition++) {
                for (int k = 0; k < perPartition; k++) {
                    producer.send(new ProducerRecord<>(topic, partition, null, new byte[] {1})).get();
                }
            }
        }
    }

    private static Map<Integer, Long> ends(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < 2; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    private static long total(Map<Integer, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void commit(Admin admin, String group, String topic, Map<Integer, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((partition, offset) -> commits.put(new TopicPartition(topic, partition),
                new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, commits).all().get();
    }

    private static void commitAtEnd(Admin admin, String group, String topic) throws Exception {
        commit(admin, group, topic, ends(admin, topic));
    }
}
