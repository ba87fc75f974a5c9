package io.offlinesync.projector;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application as it is run ({@code ProjectorApplication.app()}), with a stand-in registry and no Kafka
 * broker: the management port serves the sequencer's counters on {@code /actuator/prometheus}.
 */
class ProjectorEndpointsTest {

    private HttpServer registry;

    @TempDir
    Path stateDir;

    @BeforeEach
    void startRegistry() throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/apis/ccompat/v7/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = (exchange.getRequestMethod().equals("POST") ? "{\"id\":42}"
                    : "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    @Test
    void prometheusEndpointShowsTheSequencerCounters() throws Exception {
        try (ConfigurableApplicationContext app = ProjectorApplication.app().run(
                "--server.port=0",
                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                "--REGISTRY_URL=http://127.0.0.1:" + registry.getAddress().getPort(),
                "--STATE_DIR=" + stateDir)) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("sync_sequencer_events_total{outcome=\"accepted\",reason=\"none\"} 0.0")
                    .contains("sync_sequencer_events_total{outcome=\"duplicate\",reason=\"none\"} 0.0")
                    .contains("sync_sequencer_events_total{outcome=\"rejected\",reason=\"gap\"} 0.0")
                    .contains("sync_sequencer_events_total{outcome=\"rejected\",reason=\"unknown-list\"} 0.0");
        }
    }
}
