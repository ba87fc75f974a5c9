package io.offlinesync.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A device speaking the sync protocol over HTTP: it numbers its events (clientSeq), stamps them, and
 * remembers its batches so a test can resend one exactly as a retrying device would.
 */
final class Device {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, JsonNode body) {}

    final String clientId;
    private final String gateway;
    private final String query;
    private final String token;
    private long nextSeq = 1;
    private long clock = 1;

    /** @param token the access token of the device's user, sent with every request; null: none (a test of 401s) */
    Device(String clientId, String gateway, String query, String token) {
        this.clientId = clientId;
        this.gateway = gateway;
        this.query = query;
        this.token = token;
    }

    /** Builds an event JSON (without sending it); {@code fields} are the type's own fields as JSON. */
    String event(String type, String fields) {
        return eventAt(System.currentTimeMillis(), type, fields);
    }

    /** Builds an event stamped {@code at.ms = ms}, as a device whose clock read {@code ms} would. */
    String eventAt(long ms, String type, String fields) {
        long seq = nextSeq++;
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"clientSeq\":" + seq + ",\"type\":\"" + type
                + "\",\"at\":{\"ms\":" + ms + ",\"n\":" + (clock++) + "}" + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    String batch(String... events) {
        return "{\"clientId\":\"" + clientId + "\",\"events\":[" + String.join(",", events) + "]}";
    }

    Response push(String listId, String batch) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(gateway + "/v1/lists/" + listId + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch)).build());
    }

    Response pull(String listId, long after, int limit, long waitMs) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(query + "/v1/lists/" + listId + "/events?after=" + after
                + "&limit=" + limit + "&waitMs=" + waitMs)).timeout(Duration.ofMillis(waitMs + 10_000)).build());
    }

    Response state(String listId) throws IOException, InterruptedException {
        return get("/v1/lists/" + listId);
    }

    /** A GET on the query-api, {@code pathAndQuery} as given. */
    Response get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(query + pathAndQuery)).build());
    }

    /** Pulls page after page until up to date; returns every entry in order. */
    List<JsonNode> pullAll(String listId, long after, int limit) throws IOException, InterruptedException {
        List<JsonNode> entries = new ArrayList<>();
        long cursor = after;
        while (true) {
            Response page = pull(listId, cursor, limit, 0);
            if (page.status() != 200) {
                throw new IllegalStateException("pull answered " + page.status() + ": " + page.body());
            }
            page.body().get("events").values().forEach(entries::add);
            cursor = page.body().get("next").asLong();
            if (page.body().get("upToDate").asBoolean()) {
                return entries;
            }
        }
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        if (token != null) {
            request = HttpRequest.newBuilder(request, (name, value) -> true)
                    .header("Authorization", "Bearer " + token).build();
        }
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Response(response.statusCode(), body);
    }
}
