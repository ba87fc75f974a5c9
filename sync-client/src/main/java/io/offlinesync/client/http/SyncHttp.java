package io.offlinesync.client.http;

import io.offlinesync.client.auth.AccessToken;
import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.auth.TokenSource;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.protocol.CatchUpPage;
import io.offlinesync.protocol.ClientEventJson;
import io.offlinesync.protocol.ListState;
import io.offlinesync.protocol.ProtocolRules;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The sync protocol's calls over HTTP/1.1 (PROTOCOL.md): push to the ingest-gateway, catch-up, state and the
 * caller's lists from the query-api. No retries here; {@code Pusher} and {@code Puller} decide about those, with one
 * exception: every request carries the {@link TokenSource}'s access token ({@code Authorization: Bearer}), and a 401
 * is answered by renewing the token once and sending the request again; a second 401 (or nothing to renew with) is a
 * {@link NotSignedInException}. With {@link TokenSource#none()} no header is sent, as to a server that checks none.
 *
 * <p>Protocol v1.1's read-your-writes fence and live stream: {@link #push} returns the 202's {@code fence},
 * {@link #pull(String, long, int, String, long)} waits for one, {@link #openStream} asks for {@code GET /v1/stream}.
 */
public final class SyncHttp implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** A fence as protocol v1.1 writes it: {@code <clientId>:<clientSeq>}. Anything else is not sent back. */
    private static final Pattern FENCE = Pattern.compile(ProtocolRules.ID_PATTERN + ":[0-9]{1,19}");

    private final URI gateway;
    private final URI query;
    private final TokenSource tokens;
    private final HttpClient http;

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
            return new PushOutcome.Accepted(events.size(), fence(response.body()));
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
        return found(get("/v1/lists/" + listId + "/events?after=" + after + "&limit=" + limit + "&waitMs=" + waitMs,
                waitMs, "catch-up"), CatchUpPage::read);
    }

    /**
     * {@code GET /v1/lists/{listId}/events?...&waitFor=<fence>&waitMs=} (protocol v1.1, read-your-writes fence): the
     * server answers once the list's {@code clientSeqs} reach the fence, or when {@code waitMs} is up, saying which in
     * {@code fenceReached} (null from a server without the fence, which ignores the parameter and answers at once
     * unless entries after {@code after} are awaited); empty when the list has no log on the server (404).
     */
    public Optional<FencedPage> pull(String listId, long after, int limit, String waitFor, long waitMs)
            throws ServerUnreachableException, InterruptedException {
        return found(get("/v1/lists/" + listId + "/events?after=" + after + "&limit=" + limit + "&waitFor="
                + URLEncoder.encode(waitFor, StandardCharsets.UTF_8) + "&waitMs=" + waitMs, waitMs, "catch-up"),
                body -> new FencedPage(CatchUpPage.read(body), fenceReached(body)));
    }

    /** A catch-up page read with a fence, and whether the server said it reached it (null: it did not say). */
    public record FencedPage(CatchUpPage page, Boolean fenceReached) {}

    /**
     * Asks for the live stream ({@code GET /v1/stream?lists=L1:A1,L2:A2,...}, protocol v1.1) of the lists in
     * {@code cursors} (listId to the last listVersion the device has), in their order. The answer's headers must come
     * within {@code answerWithin}, or the stream is {@link StreamOpening.Unavailable} (the caller bounds the first
     * bytes of the body, see {@link StreamWatchdog}). A 401 is renewed and resent once like every call.
     */
    public StreamOpening openStream(Map<String, Long> cursors, Duration answerWithin)
            throws ServerUnreachableException, InterruptedException {
        String lists = cursors.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
        HttpRequest request = HttpRequest.newBuilder(query.resolve("/v1/stream?lists=" + lists))
                .header("Accept", "text/event-stream").timeout(answerWithin).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = send(request, HttpResponse.BodyHandlers.ofInputStream(), "stream from " + query);
        } catch (ServerUnreachableException e) {
            if (e.getCause() instanceof HttpTimeoutException && !(e.getCause() instanceof HttpConnectTimeoutException)) {
                return new StreamOpening.Unavailable("no answer within " + answerWithin.toMillis()
                        + " ms (a proxy in between that buffers?)");
            }
            throw e;
        }
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (status == 200 && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
            return new StreamOpening.Opened(response.body());
        }
        closeQuietly(response.body());
        if (status == 429 || status >= 500) {
            return new StreamOpening.RetryLater(status, retryAfter(response));
        }
        return new StreamOpening.Unavailable(status == 200
                ? "the query-api answered " + request.uri().getPath() + " with " + (type.isEmpty() ? "no Content-Type" : type)
                        + ", not text/event-stream (a proxy in between?)"
                : "the query-api answered " + request.uri().getPath() + " with " + status
                        + (status == 404 ? " (it predates the live stream?)" : ""));
    }

    /** {@code GET /v1/lists/{listId}}: the state and its JSON; empty while the list is not created (404). */
    public Optional<Snapshot> state(String listId) throws ServerUnreachableException, InterruptedException {
        return found(get("/v1/lists/" + listId, 0, "state"), body -> new Snapshot(ListState.read(body), body));
    }

    /**
     * {@code GET /v1/lists/{listId}?registers=true} (the query-api's extension): the body, which carries
     * {@code registers} unless the server predates the extension (it then ignores the parameter); empty
     * while the list is not created (404).
     */
    public Optional<String> stateWithRegisters(String listId) throws ServerUnreachableException, InterruptedException {
        return found(get("/v1/lists/" + listId + "?registers=true", 0, "snapshot"), body -> body);
    }

    /**
     * {@code GET /v1/lists?after=&limit=} (protocol v1.1): one page of the lists the signed-in user is a member of,
     * as JSON ({@code {"lists": [...], "next": ...}}); {@code after} null for the first page.
     *
     * @throws IllegalStateException the query-api has no such endpoint (it predates protocol v1.1)
     */
    public String lists(String after, int limit) throws ServerUnreachableException, InterruptedException {
        String params = "?limit=" + limit + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        HttpResponse<String> response = get("/v1/lists" + params, 0, "lists");
        return switch (response.statusCode()) {
            case 200 -> response.body();
            case 404, 405 -> throw new IllegalStateException("the query-api at " + query
                    + " does not list a user's lists (it predates protocol v1.1)");
            default -> throw unexpected(response);
        };
    }

    /**
     * {@code GET /v1/lists/{listId}?projection=<name>}: the list's state under that projection as the server serves it
     * (its JSON); empty while the list does not exist for this user (404).
     *
     * @throws IllegalArgumentException the server does not serve that projection (its 400 problem's message)
     */
    public Optional<String> state(String listId, String projection)
            throws ServerUnreachableException, InterruptedException {
        HttpResponse<String> response = get("/v1/lists/" + listId + "?projection="
                + URLEncoder.encode(projection, StandardCharsets.UTF_8), 0, "state");
        if (response.statusCode() == 400) {
            throw new IllegalArgumentException("the query-api at " + query + " refused projection " + projection + ": "
                    + problemMessage(response.body()));
        }
        return found(response, body -> body);
    }

    /**
     * {@code GET /v1/projections}: the projections the query-api serves and which one is active, as JSON.
     *
     * @throws IllegalStateException the query-api has no such endpoint (it predates projections as plugins)
     */
    public String projections() throws ServerUnreachableException, InterruptedException {
        HttpResponse<String> response = get("/v1/projections", 0, "projections");
        return switch (response.statusCode()) {
            case 200 -> response.body();
            case 404, 405 -> throw new IllegalStateException("the query-api at " + query
                    + " does not say which projections it serves (it predates GET /v1/projections)");
            default -> throw unexpected(response);
        };
    }

    /** A problem's {@code detail} ({@code projection must be one of v1, v2, ...}), else its first error, else the body. */
    private static String problemMessage(String body) {
        JsonNode problem = ServerJson.orMissing(body);
        if (problem.path("detail").isString()) {
            return problem.path("detail").asString();
        }
        JsonNode error = problem.path("errors").path(0);
        return error.path("message").isString()
                ? error.path("field").asString("?") + ": " + error.path("message").asString() : String.valueOf(body);
    }

    /** A list's state as the server sent it: parsed, and the JSON to keep. */
    public record Snapshot(ListState state, String json) {}

    /** {@code GET} of the query-api's {@code pathAndQuery}, given {@code waitMs} more than the usual timeout. */
    private HttpResponse<String> get(String pathAndQuery, long waitMs, String what)
            throws ServerUnreachableException, InterruptedException {
        return send(HttpRequest.newBuilder(query.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT.plusMillis(waitMs)).GET()
                .build(), what + " from " + query);
    }

    /** A 200's body read by {@code read}; empty for a 404 (not there for this user). */
    private static <T> Optional<T> found(HttpResponse<String> response, Function<String, T> read)
            throws ServerUnreachableException {
        return switch (response.statusCode()) {
            case 200 -> Optional.of(read.apply(response.body()));
            case 404 -> Optional.empty();
            default -> throw unexpected(response);
        };
    }

    private HttpResponse<String> send(HttpRequest request, String what)
            throws ServerUnreachableException, InterruptedException {
        return send(request, HttpResponse.BodyHandlers.ofString(), what);
    }

    /** Sends with the current access token; a 401 renews it once and sends again (a request is safe to repeat). */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, String what)
            throws ServerUnreachableException, InterruptedException {
        Optional<AccessToken> token = tokens.current();
        HttpResponse<T> response = sendOnce(request, body, token, what);
        if (response.statusCode() != 401) {
            return response;
        }
        discard(response);
        Optional<AccessToken> renewed = tokens.refresh(token);
        if (renewed.isEmpty() || renewed.map(AccessToken::value).equals(token.map(AccessToken::value))) {
            throw notSignedIn(response, token.isPresent());
        }
        response = sendOnce(request, body, renewed, what);
        if (response.statusCode() == 401) {
            discard(response);
            throw notSignedIn(response, true);
        }
        return response;
    }

    private <T> HttpResponse<T> sendOnce(HttpRequest request, HttpResponse.BodyHandler<T> body,
                                         Optional<AccessToken> token, String what)
            throws ServerUnreachableException, InterruptedException {
        HttpRequest signed = token.isEmpty() ? request : HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Authorization", "Bearer " + token.get().value()).build();
        try {
            return http.send(signed, body);
        } catch (IOException e) {
            throw ServerUnreachableException.failed(what, e);
        }
    }

    /** A streamed body not to be read must be closed, or its connection stays taken. */
    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            closeQuietly(in);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to read from it anyway
        }
    }

    /** The 202's {@code fence} when it is one (protocol v1.1); null from a gateway without it. */
    private static String fence(String body) {
        JsonNode fence = ServerJson.orMissing(body).path("fence");
        return fence.isString() && FENCE.matcher(fence.asString()).matches() ? fence.asString() : null;
    }

    /** A fenced page's {@code fenceReached}: null when the server sent none (it has no fence). */
    private static Boolean fenceReached(String body) {
        JsonNode reached = ServerJson.orMissing(body).path("fenceReached");
        return reached.isBoolean() ? reached.asBoolean() : null;
    }

    private static NotSignedInException notSignedIn(HttpResponse<?> response, boolean tokenSent) {
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

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: fall back to our own backoff
            }
        }).orElse(null);
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
