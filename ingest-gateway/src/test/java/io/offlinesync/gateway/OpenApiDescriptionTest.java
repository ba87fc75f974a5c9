package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The served OpenAPI description against the running gateway: every documented operation answers a sample
 * request with one of its documented statuses, and every status PROTOCOL.md names is documented.
 */
class OpenApiDescriptionTest extends WebTestBase {

    /**
     * PROTOCOL.md, "Push: POST /v1/lists/{listId}/events": 202 once durable; 400 invalid input; 413 too
     * large; 415 not JSON; 503 with Retry-After; v1.1 "Limits": 429 with Retry-After; v1.1 "Identity": 401
     * without a valid token, 403 when the gateway knows the user cannot write the list. And the gateway's
     * 408 for a body too slow. (A copy, so the test runs where PROTOCOL.md is not.)
     */
    static final Map<String, Set<Integer>> PROTOCOL_STATUSES = Map.of(
            "POST /v1/lists/{listId}/events", Set.of(202, 400, 401, 403, 408, 413, 415, 429, 503));

    static final String SAMPLE_BATCH = """
            {"clientId": "ann-phone", "events": [
              {"eventId": "0b9e6f4e-4a8b-4d3c-9a47-3f0f1c2d5e01", "clientSeq": 1, "type": "ListCreated",
               "at": {"ms": 1764150000000, "n": 0}, "title": "Groceries", "policy": "lww"}]}""";

    @Test
    void everyStatusOfProtocolMdIsDocumentedWithItsBody() throws Exception {
        JsonNode spec = spec();
        assertThat(spec.path("openapi").asString()).startsWith("3.1");
        PROTOCOL_STATUSES.forEach((operation, statuses) -> {
            JsonNode responses = operation(spec, operation).path("responses");
            for (int status : statuses) {
                JsonNode response = responses.path(Integer.toString(status));
                assertThat(response.isObject()).as("%s documents %d", operation, status).isTrue();
                if (status >= 400) {
                    assertThat(response.path("content").path("application/problem+json").path("schema")
                            .path("$ref").asString()).as("%s %d body", operation, status)
                            .isEqualTo("#/components/schemas/Problem");
                }
            }
        });
        JsonNode unavailable = operation(spec, "POST /v1/lists/{listId}/events").path("responses").path("503");
        assertThat(unavailable.path("headers").has("Retry-After")).isTrue();
        JsonNode tooMany = operation(spec, "POST /v1/lists/{listId}/events").path("responses").path("429");
        assertThat(tooMany.path("headers").has("Retry-After")).isTrue();
        JsonNode unauthorized = operation(spec, "POST /v1/lists/{listId}/events").path("responses").path("401");
        assertThat(unauthorized.path("headers").has("WWW-Authenticate")).isTrue();
        JsonNode push = operation(spec, "POST /v1/lists/{listId}/events");
        assertThat(push.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
                .asString()).isEqualTo("#/components/schemas/PushRequest");
        JsonNode events = spec.path("components").path("schemas").path("PushRequest").path("properties").path("events");
        assertThat(events.path("minItems").asInt()).isEqualTo(1);
        assertThat(events.path("maxItems").asInt()).isEqualTo(500);
        assertThat(spec.path("components").path("schemas").path("Id").path("pattern").asString())
                .isEqualTo("^[A-Za-z0-9_-]{1,64}$");
    }

    @Test
    void theMemberEventsAreDescribedAndUserIdIsNamedAsRefused() throws Exception {
        JsonNode schemas = spec().path("components").path("schemas");
        assertThat(schemas.path("ClientEvent").path("oneOf").toString())
                .contains("#/components/schemas/MemberAdded", "#/components/schemas/MemberRemoved");
        assertThat(schemas.path("EventFields").path("properties").path("type").path("enum").toString())
                .contains("\"MemberAdded\"", "\"MemberRemoved\"");
        assertThat(schemas.path("EventFields").path("description").asString()).contains("userId");
        assertThat(schemas.path("MemberAdded").toString()).contains("#/components/schemas/Role", "\"member\"");
        assertThat(schemas.path("Role").path("enum").toString()).isEqualTo("[\"owner\",\"editor\",\"viewer\"]");
    }

    @Test
    void theFenceOfA202IsDescribedAndTheAnswersFenceMatchesIt() throws Exception {
        JsonNode schemas = spec().path("components").path("schemas");
        assertThat(schemas.path("AcceptedBatch").path("required").toString()).contains("\"fence\"");
        assertThat(schemas.path("AcceptedBatch").path("properties").path("fence").path("$ref").asString())
                .isEqualTo("#/components/schemas/Fence");
        String pattern = schemas.path("Fence").path("pattern").asString();
        assertThat(pattern).isEqualTo("^[A-Za-z0-9_-]{1,64}:[1-9][0-9]{0,18}$");

        HttpResponse<String> answer = post("/v1/lists/groceries/events", "application/json",
                SAMPLE_BATCH.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(json(answer).path("fence").asString()).isEqualTo("ann-phone:1").matches(pattern);
    }

    @Test
    void everyDocumentedOperationAnswersWithADocumentedStatus() throws Exception {
        JsonNode spec = spec();
        List<String> operations = new ArrayList<>();
        spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            operations.add(method.getKey().toUpperCase() + " " + path.getKey());
        }));
        assertThat(operations).containsExactlyInAnyOrderElementsOf(PROTOCOL_STATUSES.keySet());
        for (String operation : operations) {
            String path = operation.substring(operation.indexOf(' ') + 1).replace("{listId}", "groceries");
            // without a token: the documented 401
            HttpResponse<String> refused = post(path, "application/json", SAMPLE_BATCH.getBytes(StandardCharsets.UTF_8),
                    null);
            assertThat(refused.statusCode()).as("%s without a token: %s", operation, refused.body()).isEqualTo(401);
            assertThat(operation(spec, operation).path("responses").path("401").isObject()).isTrue();
            HttpResponse<String> answer = post(path, "application/json", SAMPLE_BATCH.getBytes(StandardCharsets.UTF_8));
            JsonNode documented = operation(spec, operation).path("responses").path(Integer.toString(answer.statusCode()));
            assertThat(documented.isObject()).as("%s answered %d: %s", operation, answer.statusCode(), answer.body())
                    .isTrue();
            assertThat(answer.statusCode()).isEqualTo(202);
            JsonNode body = json(answer);
            JsonNode schema = resolve(spec, documented.path("content").path("application/json").path("schema"));
            schema.path("required").forEach(field -> assertThat(body.has(field.asString()))
                    .as("%s answer has required %s", operation, field.asString()).isTrue());
        }
    }

    @Test
    void swaggerUiIsServed() throws Exception {
        HttpResponse<String> ui = HTTP.send(HttpRequest.newBuilder(uri("/swagger-ui/index.html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        HttpResponse<String> shortcut = HTTP.send(HttpRequest.newBuilder(uri("/swagger-ui.html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(shortcut.statusCode()).isEqualTo(302);
    }

    private JsonNode spec() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri("/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer);
    }

    private static JsonNode operation(JsonNode spec, String operation) {
        String[] parts = operation.split(" ", 2);
        JsonNode found = spec.path("paths").path(parts[1]).path(parts[0].toLowerCase());
        assertThat(found.isObject()).as("documented: %s", operation).isTrue();
        return found;
    }

    private static JsonNode resolve(JsonNode spec, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.isEmpty() ? schema
                : spec.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }
}
