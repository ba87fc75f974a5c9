package io.offlinesync.query.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.sun.net.httpserver.HttpServer;
import io.offlinesync.query.QueryApplication;
import io.offlinesync.schemas.Topics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI description against the query-api as it is run ({@code QueryApplication.app()}) on a
 * real KRaft broker (empty topics) with a stand-in registry: every documented operation answers a sample
 * request with one of its documented statuses, every status PROTOCOL.md names is documented, and the
 * documented parameter ranges are the ones the server enforces.
 */
class QueryApiDescriptionTest {

    /**
     * PROTOCOL.md "Catch-up", "State", "What-if" (same path as State), "Explain": 200, 400 for a value out of
     * range or a malformed id in any path, 404 for an unknown list or item; v1.1 "Limits" 429 for a long-poll
     * beyond its cap, and the query-api README's 422 for a fold above its bound. The admin operations are the
     * query-api README's (409: a switch refused). A copy, so the test runs where PROTOCOL.md is not.
     */
    static final Map<String, Set<Integer>> PROTOCOL_STATUSES = Map.of(
            "GET /v1/lists/{listId}/events", Set.of(200, 400, 404, 429), // 429: v1.1 "Limits"
            "GET /v1/lists/{listId}", Set.of(200, 400, 404, 422), // 422: a what-if above MAX_FOLD_ENTRIES
            "GET /v1/lists/{listId}/items/{itemId}/history", Set.of(200, 400, 404, 422),
            "GET /admin/projections", Set.of(200),
            "POST /admin/projections/activate", Set.of(200, 400, 409),
            "POST /admin/projections/rollback", Set.of(200, 409),
            "GET /admin/instances", Set.of(200)); // query-api README, "Extension: reads across instances"

    /** PROTOCOL.md "Catch-up": {minimum, maximum, default} of each parameter. */
    static final Map<String, long[]> CATCH_UP_RANGES = Map.of(
            "after", new long[] {0, Long.MAX_VALUE, 0},
            "limit", new long[] {1, 1000, 500},
            "waitMs", new long[] {0, 30_000, 0});

    /** Values of the path parameters in sample requests. */
    static final Map<String, String> SAMPLE_IDS = Map.of("listId", "groceries", "itemId", "milk");

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static EmbeddedKafkaKraftBroker broker;
    static HttpServer registry;
    static ConfigurableApplicationContext app;
    static Path stateDir;
    static int port;

    /** The in-JVM broker's own loggers, quiet before and after Spring Boot sets up logging. */
    static final List<String> BROKER_LOGGERS = List.of("kafka", "state.change.logger", "org.apache.kafka");

    @BeforeAll
    static void start() throws Exception {
        BROKER_LOGGERS.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN));
        broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.brokerProperties(Map.of("offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(Topics.EVENTS, 2, (short) 1),
                    new NewTopic(Topics.LISTS_V1, 2, (short) 1), new NewTopic(Topics.LISTS_V2, 2, (short) 1),
                    new NewTopic(Topics.PROJECTIONS, 1, (short) 1))).all().get();
        }
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
        stateDir = Files.createTempDirectory("query-api-openapi");
        app = QueryApplication.app().run("--server.port=0",
                "--KAFKA_BOOTSTRAP_SERVERS=" + broker.getBrokersAsString(),
                "--REGISTRY_URL=http://127.0.0.1:" + registry.getAddress().getPort(),
                "--STATE_DIR=" + stateDir,
                "--logging.level.kafka=WARN", "--logging.level.state.change.logger=WARN");
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        // the stores answer once Kafka Streams runs: until then a read is a 503
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/v1/lists/groceries").statusCode() == 404);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (registry != null) {
            registry.stop(0);
        }
        if (broker != null) {
            broker.destroy();
        }
        if (stateDir != null) {
            Utils.delete(stateDir.toFile());
        }
    }

    @Test
    void everyStatusOfProtocolMdIsDocumentedWithItsBody() throws Exception {
        JsonNode spec = spec();
        assertThat(spec.path("openapi").asString()).startsWith("3.1");
        PROTOCOL_STATUSES.forEach((operation, statuses) -> {
            for (int status : statuses) {
                JsonNode response = response(spec, operation, status);
                assertThat(response.isObject()).as("%s documents %d", operation, status).isTrue();
                String type = status >= 400 ? "application/problem+json" : "application/json";
                assertThat(response.path("content").path(type).path("schema").path("$ref").asString())
                        .as("%s %d body", operation, status).isNotEmpty();
            }
        });
        for (String read : List.of("GET /v1/lists/{listId}/events", "GET /v1/lists/{listId}")) {
            assertThat(response(spec, read, 503).path("headers").has("Retry-After")).as(read).isTrue();
        }
        assertThat(response(spec, "GET /v1/lists/{listId}/events", 429).path("headers").has("Retry-After")).isTrue();
    }

    @Test
    void parameterRangesAreProtocolMdsAndTheServersOwn() throws Exception {
        JsonNode spec = spec();
        CATCH_UP_RANGES.forEach((name, range) -> {
            JsonNode schema = parameter(spec, "GET /v1/lists/{listId}/events", name).path("schema");
            assertThat(new long[] {schema.path("minimum").asLong(), schema.path("maximum").asLong(),
                    schema.path("default").asLong()}).as(name).containsExactly(range);
        });
        for (String operation : operations(spec)) {
            for (JsonNode parameter : parameters(spec, operation)) {
                JsonNode schema = parameter.path("schema");
                String name = parameter.path("name").asString();
                List<String> refused = new ArrayList<>();
                if (schema.has("minimum")) {
                    refused.add(Long.toString(schema.path("minimum").asLong() - 1));
                }
                if (schema.has("maximum") && schema.path("maximum").asLong() < Long.MAX_VALUE) {
                    refused.add(Long.toString(schema.path("maximum").asLong() + 1));
                }
                if (schema.has("$ref") || schema.has("pattern") || schema.has("enum")) {
                    refused.add("not.valid!");
                }
                for (String value : refused) {
                    Map<String, String> values = new LinkedHashMap<>(SAMPLE_IDS);
                    values.put(name, value);
                    HttpResponse<String> answer = send(operation, values);
                    assertThat(answer.statusCode()).as("%s with %s=%s: %s", operation, name, value, answer.body())
                            .isEqualTo(400);
                    assertThat(JSON.readTree(answer.body()).path("errors").path(0).path("field").asString())
                            .as("%s with %s=%s", operation, name, value).isEqualTo(name);
                }
            }
        }
    }

    @Test
    void everyDocumentedOperationAnswersWithADocumentedStatus() throws Exception {
        JsonNode spec = spec();
        assertThat(operations(spec)).containsExactlyInAnyOrderElementsOf(PROTOCOL_STATUSES.keySet());
        for (String operation : operations(spec)) {
            HttpResponse<String> answer = send(operation, SAMPLE_IDS);
            assertThat(answer.statusCode()).as("%s: %s", operation, answer.body()).isNotIn(405, 500);
            if (answer.statusCode() == 404) {
                // the resource is unknown, not the path: Spring's "no handler" 404 is about:blank
                assertThat(JSON.readTree(answer.body()).path("type").asString()).as(operation)
                        .isEqualTo("urn:offlinesync:problem:not-found");
            }
            assertThat(response(spec, operation, answer.statusCode()).isObject())
                    .as("%s answered %d, documented", operation, answer.statusCode()).isTrue();
        }
        HttpResponse<String> ui = get("/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
    }

    /**
     * A sample request for {@code operation}: path parameters from {@code values}, and the documented query
     * parameters that are required or named in {@code values}.
     */
    private static HttpResponse<String> send(String operation, Map<String, String> values) throws Exception {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1);
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : parameters(spec(), operation)) {
            String name = parameter.path("name").asString();
            String value = values.get(name);
            if (parameter.path("in").asString().equals("path")) {
                path = path.replace("{" + name + "}", URLEncoder.encode(value, StandardCharsets.UTF_8));
            } else if (value != null || parameter.path("required").asBoolean()) {
                String sample = value != null ? value : parameter.path("schema").path("examples").path(0).asString();
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                        .append(URLEncoder.encode(sample, StandardCharsets.UTF_8));
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + query))
                .timeout(Duration.ofSeconds(30));
        request.method(method, HttpRequest.BodyPublishers.noBody());
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode spec() throws Exception {
        HttpResponse<String> answer = get("/v3/api-docs");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static List<String> operations(JsonNode spec) {
        List<String> operations = new ArrayList<>();
        spec.path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(method -> operations.add(method.getKey().toUpperCase() + " " + path.getKey())));
        return operations;
    }

    private static JsonNode operation(JsonNode spec, String operation) {
        String[] parts = operation.split(" ", 2);
        JsonNode found = spec.path("paths").path(parts[1]).path(parts[0].toLowerCase());
        assertThat(found.isObject()).as("documented: %s", operation).isTrue();
        return found;
    }

    /** The documented response of {@code operation} for {@code status}, with a {@code $ref} to a shared one resolved. */
    private static JsonNode response(JsonNode spec, String operation, int status) {
        JsonNode response = operation(spec, operation).path("responses").path(Integer.toString(status));
        String ref = response.path("$ref").asString("");
        return ref.isEmpty() ? response
                : spec.path("components").path("responses").path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** The operation's parameters, those given as a {@code $ref} to a shared one resolved. */
    private static List<JsonNode> parameters(JsonNode spec, String operation) {
        List<JsonNode> parameters = new ArrayList<>();
        for (JsonNode parameter : operation(spec, operation).path("parameters")) {
            String ref = parameter.path("$ref").asString("");
            parameters.add(ref.isEmpty() ? parameter
                    : spec.path("components").path("parameters").path(ref.substring(ref.lastIndexOf('/') + 1)));
        }
        return parameters;
    }

    private static JsonNode parameter(JsonNode spec, String operation, String name) {
        for (JsonNode parameter : parameters(spec, operation)) {
            if (parameter.path("name").asString().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("parameter " + name + " is not documented");
    }
}
