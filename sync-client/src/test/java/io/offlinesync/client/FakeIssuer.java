package io.offlinesync.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * An OpenID Connect issuer in memory, for tests only, shaped like the local stack's development issuer: discovery, a
 * token endpoint with the password grant (any user name of the id pattern, password = the name) and the
 * refresh_token grant (refresh tokens rotate: the old one is refused once used), and revocation. Access tokens are
 * JWT-shaped with {@code sub}, {@code preferred_username} and {@code exp}, unsigned: the SDK does not check them, and
 * {@link FakeSyncServer} asks {@link #userOf} instead. Its clock is settable, so expiry is tested without waiting.
 */
public final class FakeIssuer implements AutoCloseable {

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private record Access(String user, long expiresMs) {}

    private final HttpServer server;
    private final Map<String, Access> access = new ConcurrentHashMap<>();
    private final Map<String, String> refresh = new ConcurrentHashMap<>(); // refresh token -> user
    private final Set<String> revokedAccess = ConcurrentHashMap.newKeySet();
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private final AtomicInteger serial = new AtomicInteger();
    private final AtomicInteger passwordGrants = new AtomicInteger();
    private final AtomicInteger refreshGrants = new AtomicInteger();
    private volatile long lifetimeSeconds = 7200;
    private volatile boolean refusingRefreshes;
    private volatile int unavailableAnswers;

    public FakeIssuer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon().unstarted(r)));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The issuer's clock in epoch ms (for tokens' expiry); the devices in a test share it. */
    public long now() {
        return clock.get();
    }

    public void advance(java.time.Duration by) {
        clock.addAndGet(by.toMillis());
    }

    /** Lifetime of the access tokens issued from now on (default 2 h, like the local stack's issuer). */
    public void issueTokensFor(java.time.Duration lifetime) {
        lifetimeSeconds = lifetime.toSeconds();
    }

    /** Refresh grants are refused with {@code invalid_grant} (the session ended at the issuer); false: served again. */
    public void refuseRefreshes(boolean refuse) {
        refusingRefreshes = refuse;
    }

    /** The next {@code n} token requests are answered 503. */
    public void answerUnavailable(int n) {
        unavailableAnswers = n;
    }

    /** Every access token issued so far is refused from now on, as after the issuer's keys changed. */
    public void revokeAllAccessTokens() {
        revokedAccess.addAll(access.keySet());
    }

    public int passwordGrants() {
        return passwordGrants.get();
    }

    public int refreshGrants() {
        return refreshGrants.get();
    }

    /** Refresh tokens the issuer would still honour (not used, not revoked). */
    public int activeRefreshTokens() {
        return refresh.size();
    }

    /** The user a valid, unexpired access token was issued to; empty for anything else. */
    public Optional<String> userOf(String accessToken) {
        Access a = accessToken == null ? null : access.get(accessToken);
        if (a == null || revokedAccess.contains(accessToken) || a.expiresMs() <= clock.get()) {
            return Optional.empty();
        }
        return Optional.of(a.user());
    }

    /** A valid access token for {@code user}, as `./local-stack.sh token USER` prints one. */
    public String tokenFor(String user) {
        return issue(user).split("\"access_token\":\"")[1].split("\"")[0];
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/.well-known/openid-configuration")) {
                send(exchange, 200, "{\"issuer\":\"" + url() + "\",\"token_endpoint\":\"" + url() + "/token\","
                        + "\"revocation_endpoint\":\"" + url() + "/revoke\","
                        + "\"grant_types_supported\":[\"password\",\"refresh_token\"]}");
            } else if (path.equals("/token") && exchange.getRequestMethod().equals("POST")) {
                token(exchange, form(exchange));
            } else if (path.equals("/revoke") && exchange.getRequestMethod().equals("POST")) {
                refresh.remove(form(exchange).getOrDefault("token", ""));
                send(exchange, 200, "");
            } else {
                send(exchange, 404, "{\"error\":\"not_found\"}");
            }
        }
    }

    private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        if (unavailableAnswers > 0) {
            unavailableAnswers--;
            send(exchange, 503, "{\"error\":\"temporarily_unavailable\"}");
            return;
        }
        if (!"offline-sync-cli".equals(form.get("client_id"))) {
            send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        switch (form.getOrDefault("grant_type", "")) {
            case "password" -> {
                passwordGrants.incrementAndGet();
                String user = form.getOrDefault("username", "");
                if (!USER.matcher(user).matches() || !user.equals(form.get("password"))) {
                    send(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}");
                    return;
                }
                send(exchange, 200, issue(user));
            }
            case "refresh_token" -> {
                refreshGrants.incrementAndGet();
                String user = refresh.remove(form.getOrDefault("refresh_token", ""));
                if (user == null || refusingRefreshes) {
                    send(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token is not active\"}");
                    return;
                }
                send(exchange, 200, issue(user));
            }
            default -> send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
        }
    }

    private String issue(String user) {
        int n = serial.incrementAndGet();
        long expires = clock.get() + lifetimeSeconds * 1000;
        String payload = "{\"iss\":\"" + url() + "\",\"aud\":\"offline-sync\",\"sub\":\"" + user
                + "\",\"preferred_username\":\"" + user + "\",\"exp\":" + expires / 1000 + ",\"n\":" + n + "}";
        String token = b64("{\"alg\":\"none\"}") + "." + b64(payload) + ".unsigned" + n;
        String refreshToken = "refresh-" + n + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        access.put(token, new Access(user, expires));
        refresh.put(refreshToken, user);
        return "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + lifetimeSeconds
                + ",\"refresh_token\":\"" + refreshToken + "\",\"scope\":\"openid\"}";
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        Map<String, String> form = new HashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
