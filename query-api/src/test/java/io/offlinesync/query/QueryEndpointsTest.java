package io.offlinesync.query;

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
 * The application as it is run ({@code QueryApplication.app()}), with a stand-in registry and no Kafka
 * broker: {@code /actuator/prometheus} serves the catch-up meters, and Spring's own errors carry a type.
 */
class QueryEndpointsTest {

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
    void prometheusServesTheCatchUpMetersAndErrorsAreCompleteProblems() throws Exception {
        try (ConfigurableApplicationContext app = QueryApplication.app().run(
                "--server.port=0",
                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                "--REGISTRY_URL=http://127.0.0.1:" + registry.getAddress().getPort(),
                "--STATE_DIR=" + stateDir)) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("sync_catchup_requests_total{waited=\"false\"} 0.0")
                    .contains("sync_catchup_requests_total{waited=\"true\"} 0.0")
                    .contains("sync_catchup_page_events_count 0")
                    .contains("sync_catchup_longpolls_open 0.0");

            HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/lists/groceries")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(wrongMethod.body()).contains("\"type\":\"about:blank\"").contains("\"status\":405");

            HttpResponse<String> valueless = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/lists/groceries?policy")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(valueless.statusCode()).isEqualTo(400);
            assertThat(valueless.body()).contains("\"field\":\"policy\"");
        }
    }
}
