package io.offlinesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * docker-compose.yml on a Docker engine (the apache/kafka and Apicurio images, the services' images built
 * from their jars, two query-api replicas behind the balancer): a pushed batch becomes readable state.
 * Skipped where there is no Docker engine; needs the `docker compose` plugin where there is one. Reads that
 * reach a replica which does not hold the list's partition rely on the query-api's multi-instance
 * forwarding (QUERY_API_ADVERTISED_URL).
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposePlatformIT {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The host ports docker-compose.yml publishes, free ones instead of its defaults. */
    static final Map<String, String> PORTS = freePorts("KAFKA_PORT", "REGISTRY_PORT", "GATEWAY_PORT",
            "QUERY_API_PORT", "PROJECTOR_PORT", "ISSUER_PORT");

    @Container
    static final ComposeContainer PLATFORM = new ComposeContainer(ROOT.resolve("docker-compose.yml").toFile())
            .withEnv(PORTS)
            .withBuild(true)
            .withRemoveVolumes(true)
            .waitingFor("ingest-gateway", Wait.forHealthcheck())
            .waitingFor("projector-streams", Wait.forHealthcheck())
            .waitingFor("query-api-lb", Wait.forHealthcheck())
            .waitingFor("issuer", Wait.forHealthcheck())
            .withStartupTimeout(Duration.ofMinutes(5));

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aPushedBatchBecomesStateReadThroughTheBalancer() throws Exception {
        String list = "compose-" + UUID.randomUUID().toString().substring(0, 8);
        String batch = """
                {"clientId": "ann-phone", "events": [
                  {"eventId": "%s", "clientSeq": 1, "type": "ListCreated", "at": {"ms": %d, "n": 0},
                   "title": "Groceries", "policy": "lww"},
                  {"eventId": "%s", "clientSeq": 2, "type": "ItemAdded", "at": {"ms": %d, "n": 0},
                   "itemId": "milk", "title": "Buy milk", "count": 1, "vclock": {"ann-phone": 1}}]}"""
                .formatted(UUID.randomUUID(), System.currentTimeMillis(), UUID.randomUUID(), System.currentTimeMillis());
        HttpResponse<String> pushed = HTTP.send(HttpRequest.newBuilder(url("GATEWAY_PORT", "/v1/lists/" + list + "/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> state = get(url("QUERY_API_PORT", "/v1/lists/" + list));
            assertThat(state.statusCode()).as(state.body()).isEqualTo(200);
            assertThat(state.body()).contains("\"listVersion\":2").contains("\"title\":\"Buy milk\"");
        });
        // every replica answers for every list (through the balancer, whichever it picks)
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> page = get(url("QUERY_API_PORT", "/v1/lists/" + list + "/events?after=0"));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).contains("\"head\":2");
        }
        assertThat(get(url("GATEWAY_PORT", "/v3/api-docs")).statusCode()).isEqualTo(200);
        assertThat(get(url("QUERY_API_PORT", "/v3/api-docs")).statusCode()).isEqualTo(200);
        assertThat(get(url("PROJECTOR_PORT", "/actuator/health/readiness")).statusCode()).isEqualTo(200);
    }

    private static URI url(String port, String path) {
        return URI.create("http://127.0.0.1:" + PORTS.get(port) + path);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> freePorts(String... names) {
        Map<String, String> ports = new LinkedHashMap<>();
        for (String name : names) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.put(name, Integer.toString(socket.getLocalPort()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ports;
    }
}
