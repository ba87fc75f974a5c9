package io.offlinesync.client.http;

import io.offlinesync.client.auth.AccessToken;
import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.auth.TokenSource;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.protocol.CatchUpPage;
import io.offlinesync.protocol.ClientEventJson;
import io.offlinesync.protocol.ListState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The sync protocol's calls over HTTP/1.1 (PROTOCOL.md): push to the ingest-gateway, catch-up, state and the
 * caller's lists from the query-api. No retries here; {@code Pusher} and {@code Puller} decide about those, with one
 * exception: every request carries the {@link TokenSource}'s access token ({@code Authorization: Bearer}), and a 401
 * is answered by renewing the token once and sending the request again; a second 401 (or nothing to renew with) is a
 * {@link NotSignedInException}. With {@link TokenSource#none()} no header is sent, as to a server that checks none.
 */
public final class SyncHttp implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI gateway;
    private final URI query;
    private final TokenSource tokens;
    private final HttpClient http;

    /** Without tokens: for servers that do not check them. */
    public SyncHttp(URI gateway, URI query) {
        this(gateway, query, TokenSource.none());
    }

    public SyncHttp(URI gateway, URI query, TokenSource tokens) {
        this.gateway = trimmed(gateway);
        this.query = trimmed(query);
        this.tokens = tokens;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3)).build();
    }

    public URI gateway() {
        return gateway;
    }

    public URI query() {
        return query;
    }

    /** {@code POST /v1/lists/{listId}/events}. */
    public PushOutcome push(String listId, String clientId, List<ClientEvent> events)
            throws ServerUnreachableException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/lists/" + listId + "/events"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ClientEventJson.pushRequest(clientId, events))).build();
        HttpResponse<String> response = send(request, "push to " + gateway);
        int status = response.statusCode();
        if (status == 202 || status == 200) {
            return new PushOutcome.Accepted(events.size());
        }
        if (status >= 500 || status == 429) {
            // 429: over the gateway's rate limit; nothing was written, the same events go again later
            return new PushOutcome.RetryLater(status, retryAfter(response));
        }
        return new PushOutcome.Refused(status, response.body());
    }

    /** {@code GET /v1/lists/{listId}/events}; empty when the list has no log on the server (404). */
    public Optional<CatchUpPage> pull(String listId, long after, int limit, long waitMs)
            throws ServerUnreachableException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(query.resolve("/v1/lists/" + listId + "/events?after=" + after
                        + "&limit=" + limit + "&waitMs=" + waitMs))
                .timeout(REQUEST_TIMEOUT.plusMillis(waitMs)).GET().build();
        HttpResponse<String> response = send(request, "catch-up from " + query);
        return switch (response.statusCode()) {
            case 200 -> Optional.of(CatchUpPage.read(response.body()));
            case 404 -> Optional.empty();
            default -> throw unexpected(response);
        };
    }

    /** {@code GET /v1/lists/{listId}}: the state and its JSON; empty while the list is not created (404). */
    public Optional<Snapshot> state(String listId) throws ServerUnreachableException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(query.resolve("/v1/lists/" + listId))
                .timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<String> response = send(request, "state from " + query);
        return switch (response.statusCode()) {
            case 200 -> Optional.of(new Snapshot(ListState.read(response.body()), response.body()));
            case 404 -> Optional.empty();
            default -> throw unexpected(response);
        };
    }

    /**
     * {@code GET /v1/lists/{listId}?registers=true} (the query-api's extension): the body, which carries
     * {@code registers} unless the server predates the extension (it then ignores the parameter); empty
     * while the list is not created (404).
     */
    public Optional<String> stateWithRegisters(String listId) throws ServerUnreachableException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(query.resolve("/v1/lists/" + listId + "?registers=true"))
                .timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<String> response = send(request, "snapshot from " + query);
        return switch (response.statusCode()) {
            case 200 -> Optional.of(response.body());
            case 404 -> Optional.empty();
            default -> throw unexpected(response);
        };
    }

    /**
     * {@code GET /v1/lists?after=&limit=} (protocol v1.1): one page of the lists the signed-in user is a member of,
     * as JSON ({@code {"lists": [...], "next": ...}}); {@code after} null for the first page.
     *
     * @throws IllegalStateException the query-api has no such endpoint (it predates protocol v1.1)
     */
    public String lists(String after, int limit) throws ServerUnreachableException, InterruptedException {
        String params = "?limit=" + limit + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(query.resolve("/v1/lists" + params))
                .timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<String> response = send(request, "lists from " + query);
        return switch (response.statusCode()) {
            case 200 -> response.body();
            case 404, 405 -> throw new IllegalStateException("the query-api at " + query
                    + " does not list a user's lists (it predates protocol v1.1)");
            default -> throw unexpected(response);
        };
    }

    /** A list's state as the server sent it: parsed, and the JSON to keep. */
    public record Snapshot(ListState state, String json) {}

    /** Sends with the current access token; a 401 renews it once and sends again (a request is safe to repeat). */
    private HttpResponse<String> send(HttpRequest request, String what)
            throws ServerUnreachableException, InterruptedException {
        Optional<AccessToken> token = tokens.current();
        HttpResponse<String> response = sendOnce(request, token, what);
        if (response.statusCode() != 401) {
            return response;
        }
        Optional<AccessToken> renewed = tokens.refresh(token);
        if (renewed.isEmpty() || renewed.map(AccessToken::value).equals(token.map(AccessToken::value))) {
            throw notSignedIn(response, token.isPresent());
        }
        response = sendOnce(request, renewed, what);
        if (response.statusCode() == 401) {
            throw notSignedIn(response, true);
        }
        return response;
    }

    private HttpResponse<String> sendOnce(HttpRequest request, Optional<AccessToken> token, String what)
            throws ServerUnreachableException, InterruptedException {
        HttpRequest signed = token.isEmpty() ? request : HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Authorization", "Bearer " + token.get().value()).build();
        try {
            return http.send(signed, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ServerUnreachableException(what + " failed: " + describe(e), e);
        }
    }

    private static NotSignedInException notSignedIn(HttpResponse<String> response, boolean tokenSent) {
        String server = response.request().uri().getScheme() + "://" + response.request().uri().getAuthority();
        String why = response.headers().firstValue("WWW-Authenticate").map(SyncHttp::errorDescription).orElse(null);
        return new NotSignedInException(tokenSent
                ? "not signed in: " + server + " refused the access token, also after renewing it"
                        + (why != null ? " (" + why + ")" : "")
                : "not signed in: " + server + " answered 401, it needs an access token");
    }

    /** RFC 6750's {@code error_description="..."} of a {@code WWW-Authenticate: Bearer} challenge, if any. */
    private static String errorDescription(String challenge) {
        int start = challenge.indexOf("error_description=\"");
        if (start < 0) {
            return null;
        }
        start += "error_description=\"".length();
        int end = challenge.indexOf('"', start);
        return end < 0 ? null : challenge.substring(start, end);
    }

    private static ServerUnreachableException unexpected(HttpResponse<String> response) {
        // a 5xx from the query side is a server that cannot answer now, like one that is down
        return new ServerUnreachableException(response.request().uri() + " answered " + response.statusCode(), null);
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: fall back to our own backoff
            }
        }).orElse(null);
    }

    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private static URI trimmed(URI uri) {
        String s = uri.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    @Override
    public void close() {
        http.close();
    }
}
