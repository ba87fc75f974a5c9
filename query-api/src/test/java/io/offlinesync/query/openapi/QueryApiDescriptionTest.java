package io.offlinesync.query.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.query.RunningQueryApi;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI description against the query-api as it is run ({@code QueryApplication.app()}) on a
 * real KRaft broker (empty topics) with a stand-in registry and the platform's issuer ({@link RunningQueryApi}):
 * every documented operation answers a sample request with one of its documented statuses, for an operator,
 * a user and a caller without a token, every status PROTOCOL.md names is documented, and the documented
 * parameter ranges are the ones the server enforces.
 */
@ExtendWith(RunningQueryApi.Shared.class)
class QueryApiDescriptionTest {

    /**
     * PROTOCOL.md "Catch-up", "State", "What-if" (same path as State), "Explain": 200, 400 for a value out of
     * range or a malformed id in any path, 404 for an unknown list or item (or one the caller is no member of);
     * v1.1 "Limits" 429 for a long-poll (or a wait for a read-your-writes fence) beyond its cap, v1.1 "Identity"
     * 401 without a valid token on every operation and 403 on {@code /admin/**} without the operator scope, v1.1
     * "Membership" {@code GET /v1/lists},
     * and the query-api README's 422 for a fold above its bound. The admin operations are the query-api README's
     * (409: a switch refused). A copy, so the test runs where PROTOCOL.md is not.
     */
    static final Map<String, Set<Integer>> PROTOCOL_STATUSES = Map.ofEntries(
            Map.entry("GET /v1/projections", Set.of(200, 401)), // issue 18: which projections a device can read
            Map.entry("GET /v1/lists", Set.of(200, 400, 401)), // v1.1 "Membership"
            Map.entry("GET /v1/lists/{listId}/events", Set.of(200, 400, 401, 404, 429)), // 429: v1.1 "Limits"
            Map.entry("GET /v1/stream", Set.of(200, 400, 401, 429)), // v1.1 "Live stream", "Limits"
            // 422: a what-if above MAX_FOLD_ENTRIES; 429: a wait for a v1.1 read-your-writes fence beyond its cap
            Map.entry("GET /v1/lists/{listId}", Set.of(200, 400, 401, 404, 422, 429)),
            Map.entry("GET /v1/lists/{listId}/items/{itemId}/history", Set.of(200, 400, 401, 404, 422)),
            Map.entry("GET /admin/projections", Set.of(200, 401, 403)),
            Map.entry("POST /admin/projections/activate", Set.of(200, 400, 401, 403, 409)),
            Map.entry("POST /admin/projections/rollback", Set.of(200, 401, 403, 409)),
            Map.entry("GET /admin/instances", Set.of(200, 401, 403))); // query-api README, "Extension: reads across instances"

    /** PROTOCOL.md "Catch-up": {minimum, maximum, default} of each parameter. */
    static final Map<String, long[]> CATCH_UP_RANGES = Map.of(
            "after", new long[] {0, Long.MAX_VALUE, 0},
            "limit", new long[] {1, 1000, 500},
            "waitMs", new long[] {0, 30_000, 0});

    /** Values of the path parameters in sample requests. */
    static final Map<String, String> SAMPLE_IDS = Map.of("listId", "groceries", "itemId", "milk");
    // a stream of a list that does not exist ends (removed, then closed) after STREAM_JOIN_WAIT, set short by
    // RunningQueryApi

    static final JsonMapper JSON = JsonMapper.builder().build();

    static RunningQueryApi api;
    /** Access tokens of the issuer the app trusts: an operator (who reads every list) and a user of no list. */
    static String operator;
    static String user;

    @BeforeAll
    static void start(RunningQueryApi running) {
        api = running;
        operator = running.issuer().adminToken("op");
        user = running.issuer().token("ann");
    }

    @Test
    void everyStatusOfProtocolMdIsDocumentedWithItsBody() throws Exception {
        JsonNode spec = spec();
        assertThat(spec.path("openapi").asString()).startsWith("3.1");
        PROTOCOL_STATUSES.forEach((operation, statuses) -> {
            for (int status : statuses) {
                JsonNode response = response(spec, operation, status);
                assertThat(response.isObject()).as("%s documents %d", operation, status).isTrue();
                String type = status >= 400 ? "application/problem+json"
                        : operation.equals("GET /v1/stream") ? "text/event-stream" : "application/json";
                assertThat(response.path("content").path(type).path("schema").path("$ref").asString())
                        .as("%s %d body", operation, status).isNotEmpty();
            }
        });
        for (String read : List.of("GET /v1/lists/{listId}/events", "GET /v1/lists/{listId}")) {
            assertThat(response(spec, read, 503).path("headers").has("Retry-After")).as(read).isTrue();
        }
        for (String read : List.of("GET /v1/lists/{listId}/events", "GET /v1/lists/{listId}")) {
            assertThat(response(spec, read, 429).path("headers").has("Retry-After")).as(read).isTrue();
            // v1.1 "Read-your-writes fence": waitFor is the fence of a push's 202, with waitMs as catch-up's
            assertThat(parameter(spec, read, "waitFor").path("schema").path("$ref").asString())
                    .isEqualTo("#/components/schemas/Fence");
            JsonNode waitMs = parameter(spec, read, "waitMs").path("schema");
            assertThat(new long[] {waitMs.path("minimum").asLong(), waitMs.path("maximum").asLong(),
                    waitMs.path("default").asLong()}).as(read).containsExactly(CATCH_UP_RANGES.get("waitMs"));
        }
        assertThat(spec.path("components").path("schemas").path("CatchUpPage").path("properties").has("fenceReached"))
                .isTrue();
        assertThat(spec.path("components").path("schemas").path("ListState").path("properties").has("fenceReached"))
                .isTrue();
        assertThat(response(spec, "GET /v1/stream", 429).path("headers").has("Retry-After")).isTrue();
        PROTOCOL_STATUSES.forEach((operation, statuses) -> {
            for (int status : List.of(401, 403)) {
                if (statuses.contains(status)) {
                    assertThat(response(spec, operation, status).path("headers").has("WWW-Authenticate"))
                            .as("%s %d names WWW-Authenticate", operation, status).isTrue();
                }
            }
        });
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
                    HttpResponse<String> answer = send(operation, values, operator);
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
        for (String token : List.of(operator, user)) {
            for (String operation : operations(spec)) {
                HttpResponse<String> answer = send(operation, SAMPLE_IDS, token);
                String who = token.equals(operator) ? "operator" : "user";
                assertThat(answer.statusCode()).as("%s, %s: %s", operation, who, answer.body()).isNotIn(401, 405, 500);
                if (answer.statusCode() == 404) {
                    // the resource is unknown, not the path: Spring's "no handler" 404 is about:blank
                    assertThat(JSON.readTree(answer.body()).path("type").asString()).as(operation)
                            .isEqualTo("urn:offlinesync:problem:not-found");
                }
                assertThat(response(spec, operation, answer.statusCode()).isObject())
                        .as("%s answered %d to the %s, documented", operation, answer.statusCode(), who).isTrue();
                if (operation.contains(" /admin/")) {
                    if (token.equals(operator)) {
                        assertThat(answer.statusCode()).as("%s, operator", operation).isNotEqualTo(403);
                    } else {
                        assertThat(answer.statusCode()).as("%s, user", operation).isEqualTo(403);
                        assertThat(JSON.readTree(answer.body()).path("type").asString())
                                .isEqualTo("urn:offlinesync:problem:forbidden");
                    }
                }
            }
        }
        HttpResponse<String> ui = get("/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokenEveryDocumentedOperationAnswersItsDocumented401() throws Exception {
        JsonNode spec = spec();
        for (String operation : operations(spec)) {
            for (String token : new String[] {null, "not-a-jwt"}) {
                HttpResponse<String> answer = send(operation, SAMPLE_IDS, token);
                assertThat(answer.statusCode()).as("%s with token %s: %s", operation, token, answer.body())
                        .isEqualTo(401);
                assertThat(answer.headers().firstValue("WWW-Authenticate")).as(operation)
                        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
                assertThat(answer.headers().firstValue("Content-Type")).as(operation)
                        .hasValueSatisfying(value -> assertThat(value).startsWith("application/problem+json"));
                JsonNode problem = JSON.readTree(answer.body());
                assertThat(problem.path("type").asString()).isEqualTo("urn:offlinesync:problem:unauthorized");
                assertThat(problem.path("status").asInt()).isEqualTo(401);
                assertThat(response(spec, operation, 401).isObject()).as("%s documents 401", operation).isTrue();
            }
        }
    }

    /**
     * A sample request for {@code operation}: path parameters from {@code values}, and the documented query
     * parameters that are required or named in {@code values}; with {@code token} as bearer (null: none).
     */
    private static HttpResponse<String> send(String operation, Map<String, String> values, String token)
            throws Exception {
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
        return api.send(method, path + query, token);
    }

    /** A GET without a token: the API description and the Swagger UI are open to anyone. */
    private static HttpResponse<String> get(String path) throws Exception {
        return api.get(path, null);
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
