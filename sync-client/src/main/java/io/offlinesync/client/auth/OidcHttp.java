package io.offlinesync.client.auth;

import io.offlinesync.client.http.ServerJson;
import io.offlinesync.client.http.ServerUnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The calls to an OpenID Connect issuer: discovery ({@code /.well-known/openid-configuration}), the token endpoint's
 * password and refresh_token grants for a public client (RFC 6749 §4.3, §6: no client secret), and token revocation
 * (RFC 7009) when the issuer offers it. Passwords and tokens travel only in request bodies and are never put in a
 * message or a log line; an issuer's error is reported by its {@code error} code and description.
 */
final class OidcHttp implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REVOKE_TIMEOUT = Duration.ofSeconds(3);

    /** Where the issuer's endpoints are; {@code revocation} null when it offers none. */
    record Endpoints(URI token, URI revocation) {}

    /** The token endpoint refused a grant (400 or 401): {@code error} is the OAuth2 error code. */
    static final class GrantRefused extends Exception {
        private final String error;

        GrantRefused(String error, String description) {
            super(error + (description == null || description.isBlank() ? "" : " (" + description + ")"));
            this.error = error;
        }

        String error() {
            return error;
        }
    }

    private final LongSupplier wallClock;
    private HttpClient http; // made on first use: most runs of a profile never talk to the issuer

    OidcHttp(LongSupplier wallClock) {
        this.wallClock = wallClock;
    }

    Endpoints discover(URI issuer) throws ServerUnreachableException, InterruptedException {
        // appended, not resolved: an issuer URL may have a path (Keycloak: /realms/NAME)
        URI url = URI.create(trimmed(issuer) + "/.well-known/openid-configuration");
        HttpResponse<String> response = send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build(), "discovery at " + url);
        if (response.statusCode() >= 500 || response.statusCode() == 429) {
            throw new ServerUnreachableException(url + " answered " + response.statusCode(), null);
        }
        JsonNode doc = response.statusCode() == 200 ? ServerJson.orMissing(response.body())
                : ServerJson.MAPPER.missingNode();
        URI token = endpoint(doc, "token_endpoint");
        if (token == null) {
            throw new IllegalArgumentException("no OpenID Connect issuer at " + issuer + ": " + url + " answered "
                    + response.statusCode() + (response.statusCode() == 200 ? " without a token_endpoint" : ""));
        }
        // grant_types_supported is not consulted: issuers that offer the password grant to some clients often leave it
        // out (it is deprecated in OAuth 2.1); the token endpoint's answer is the truth
        return new Endpoints(token, endpoint(doc, "revocation_endpoint"));
    }

    IssuedTokens passwordGrant(URI tokenEndpoint, String clientId, String username, char[] password)
            throws ServerUnreachableException, InterruptedException, GrantRefused {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", username);
        form.put("password", new String(password));
        form.put("client_id", clientId);
        form.put("scope", "openid");
        return grant(tokenEndpoint, form);
    }

    IssuedTokens refreshGrant(URI tokenEndpoint, String clientId, String refreshToken)
            throws ServerUnreachableException, InterruptedException, GrantRefused {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", clientId);
        return grant(tokenEndpoint, form);
    }

    /** Asks the issuer to revoke a refresh token; best effort (signing out works offline too), so failures are ignored. */
    void revoke(URI revocationEndpoint, String clientId, String refreshToken) throws InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", refreshToken);
        form.put("token_type_hint", "refresh_token");
        form.put("client_id", clientId);
        try {
            client().send(post(revocationEndpoint, form, REVOKE_TIMEOUT), HttpResponse.BodyHandlers.discarding());
        } catch (IOException | RuntimeException ignored) {
            // the token ends with its expiry anyway
        }
    }

    private IssuedTokens grant(URI tokenEndpoint, Map<String, String> form)
            throws ServerUnreachableException, InterruptedException, GrantRefused {
        Instant asked = Instant.ofEpochMilli(wallClock.getAsLong()); // lifetimes count from before the request left
        HttpResponse<String> response = send(post(tokenEndpoint, form, TIMEOUT), "token request to " + tokenEndpoint);
        int status = response.statusCode();
        JsonNode body = ServerJson.orMissing(response.body());
        if (status == 400 || status == 401) {
            throw new GrantRefused(body.path("error").asString("status " + status),
                    body.path("error_description").asString(null));
        }
        if (status != 200) {
            // 5xx, 429, a proxy's 404 while the issuer restarts: not a verdict on the credentials
            throw new ServerUnreachableException(tokenEndpoint + " answered " + status, null);
        }
        String accessToken = body.path("access_token").asString(null);
        String type = body.path("token_type").asString("Bearer");
        if (accessToken == null || !type.equalsIgnoreCase("Bearer")) {
            throw new IllegalStateException("the token endpoint " + tokenEndpoint + " answered 200 without a bearer "
                    + "access_token");
        }
        Instant accessExpires = body.path("expires_in").isNumber()
                ? asked.plusSeconds(body.path("expires_in").asLong())
                : JwtClaims.read(accessToken).map(JwtClaims::expiresAt).orElse(null);
        // Keycloak: refresh_expires_in 0 means a refresh token without an expiry of its own
        long refreshSeconds = body.path("refresh_expires_in").asLong(0);
        return new IssuedTokens(new AccessToken(accessToken, accessExpires), body.path("refresh_token").asString(null),
                refreshSeconds > 0 ? asked.plusSeconds(refreshSeconds) : null, body.path("id_token").asString(null));
    }

    private static HttpRequest post(URI endpoint, Map<String, String> form, Duration timeout) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request, String what)
            throws ServerUnreachableException, InterruptedException {
        try {
            return client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw ServerUnreachableException.failed(what, e);
        }
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(3)).build();
        }
        return http;
    }

    private static URI endpoint(JsonNode doc, String name) {
        String value = doc.path(name).asString(null);
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && uri.getScheme().startsWith("http") ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String trimmed(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
        }
    }
}
