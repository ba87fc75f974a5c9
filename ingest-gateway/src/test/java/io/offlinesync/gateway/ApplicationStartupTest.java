package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.streams.KafkaClients;
import io.offlinesync.testing.StubRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application as e2e-tests start it ({@code IngestGatewayApplication.app()}, real KafkaInboxAppender), with the
 * environment-variable names of application.yml passed as properties, a stand-in registry speaking the
 * Confluent-compatible API, the real development issuer ({@link TestIssuer}) and no Kafka broker.
 */
class ApplicationStartupTest {

    @RegisterExtension
    final StubRegistry registry = new StubRegistry();

    @Test
    void registersTheInboxSubjectBeforeServingAndAnswers503WithoutABroker() throws Exception {
        String registryUrl = registry.url();
        try (ConfigurableApplicationContext app = IngestGatewayApplication.app().run(
                "--server.port=0",
                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                // over the spring.kafka.bootstrap-servers system property an embedded broker of this JVM sets
                "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                "--TOPIC_CREATION_TIMEOUT=500ms",
                "--REGISTRY_URL=" + registryUrl,
                "--OIDC_ISSUER_URI=" + TestIssuer.issuerUri(),
                "--ACK_TIMEOUT=700ms",
                "--RETRY_AFTER=3s",
                "--HTTP_READ_TIMEOUT=1s",
                "--MAX_IN_FLIGHT_BYTES=8MB",
                "--MAX_QUEUED_BATCHES=16",
                "--spring.kafka.producer.properties[client.rack]=rack-1")) {
            // registration happened while the context started, so before the port took any request
            List<String> registryCalls = registry.calls();
            assertThat(registryCalls).hasSize(2);
            assertThat(registryCalls.get(0)).startsWith("POST /apis/ccompat/v7/subjects/todo.inbox-value/versions ")
                    .contains("InboxBatch");
            assertThat(registryCalls.get(1)).startsWith("PUT /apis/ccompat/v7/config/todo.inbox-value ")
                    .contains("BACKWARD_TRANSITIVE");

            GatewayProperties properties = app.getBean(GatewayProperties.class);
            assertThat(app.getBean(KafkaClients.class).bootstrapServers()).isEqualTo("127.0.0.1:1");
            assertThat(properties.registry().url()).isEqualTo(registryUrl);
            assertThat(properties.ackTimeout()).isEqualTo(Duration.ofMillis(700));
            assertThat(app.getBean(io.offlinesync.streams.PlatformTopics.class).creationTimeout())
                    .isEqualTo(Duration.ofMillis(500));
            assertThat(properties.inboxTopic()).isEqualTo("todo.inbox");
            assertThat(properties.retryAfterSeconds()).isEqualTo(3);
            assertThat(app.getBean(KafkaClients.class).producer()).containsEntry("client.rack", "rack-1");
            assertThat(properties.maxInFlightBytes().toBytes()).isEqualTo(8L * 1024 * 1024);
            assertThat(properties.maxQueuedBatches()).isEqualTo(16);
            assertThat(app.getBean(io.offlinesync.access.AccessProperties.class).issuerUri())
                    .hasToString(TestIssuer.issuerUri());

            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/lists/groceries/events"))
                    .header("Authorization", TestIssuer.bearer("ann"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"clientId":"ann-phone","events":[{"eventId":"0b9e0000-0000-4000-8000-000000000001",
                             "clientSeq":1,"type":"ListCreated","at":{"ms":1764150000000,"n":0},
                             "title":"Groceries","policy":"lww"}]}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            // the timed-out batch's bytes are back, and the 503 is counted (an operator reads the metrics)
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                            .header("Authorization", "Bearer " + TestIssuer.adminToken("ops")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("sync_ingest_inflight_bytes 0.0")
                    .contains("sync_ingest_requests_total{outcome=\"unavailable\"} 1.0")
                    .contains("sync_ingest_ack_seconds_count{outcome=\"unavailable\"} 1");

            // a body that stops coming half way is answered 408 once the read timeout passes
            long start = System.nanoTime();
            RawHttp.Response slow = RawHttp.exchange(port, ("POST /v1/lists/groceries/events HTTP/1.1\r\n"
                    + "Host: localhost\r\n" + TestIssuer.authorizationLine("ann")
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"clientId\":").getBytes(StandardCharsets.US_ASCII), null);
            assertThat(slow.statusLine()).startsWith("HTTP/1.1 408");
            assertThat(slow.header("content-type")).startsWith("application/problem+json");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900),
                    Duration.ofSeconds(15));
        }
    }

    @Test
    void anUnreachableRegistryStopsStartup() {
        assertThatThrownBy(() -> IngestGatewayApplication.app().run(
                "--server.port=0",
                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                "--TOPIC_CREATION_TIMEOUT=500ms",
                "--REGISTRY_URL=http://127.0.0.1:1",
                "--REGISTRY_STARTUP_TIMEOUT=1s").close())
                .hasRootCauseInstanceOf(io.offlinesync.schemas.SchemaRegistrar.RegistryUnavailableException.class);
    }
}
