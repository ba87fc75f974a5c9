package io.offlinesync.issuer;

import static io.offlinesync.issuer.Browserless.form;
import static io.offlinesync.issuer.Browserless.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The issuer over real HTTP on a free port, used as the platform's services and apps use it: discovery, the
 * password grant, refresh, the browser's authorization code flow with PKCE through the login form, and
 * tokens verified against the published JWKS the way Spring's resource server verifies them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"spring.config.name=issuer", "issuer.key-file="})
class IssuerHttpTest {

    static final int PORT = freePort();
    static final String ISSUER = "http://localhost:" + PORT;
    static final String WEB_REDIRECT = "http://localhost:5173/callback";

    static JwtDecoder decoder;

    final Browserless client = new Browserless();

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    @BeforeAll
    static void verifierLikeAService() {
        // what a resource server configured with this issuer does: keys from the JWKS, issuer, audience, expiry
        NimbusJwtDecoder jwks = NimbusJwtDecoder.withJwkSetUri(ISSUER + "/oauth2/jwks").build();
        jwks.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(ISSUER),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains("offline-sync"))));
        decoder = jwks;
    }

    @Test
    @SuppressWarnings("unchecked")
    void discoveryDocumentNamesTheIssuerItsKeysAndItsGrants() throws Exception {
        HttpResponse<String> response = client.get(ISSUER + "/.well-known/openid-configuration");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> discovery = json(response.body());
        assertThat(discovery).containsEntry("issuer", ISSUER)
                .containsEntry("jwks_uri", ISSUER + "/oauth2/jwks")
                .containsEntry("token_endpoint", ISSUER + "/oauth2/token")
                .containsEntry("authorization_endpoint", ISSUER + "/oauth2/authorize");
        assertThat((List<Object>) discovery.get("grant_types_supported")).contains("password", "authorization_code", "refresh_token",
                "urn:ietf:params:oauth:grant-type:device_code");
        assertThat(discovery).containsEntry("device_authorization_endpoint", ISSUER + "/oauth2/device_authorization");
        assertThat((List<Object>) discovery.get("scopes_supported")).containsExactlyInAnyOrder("openid", "profile", "sync:admin");
        assertThat((List<Object>) discovery.get("token_endpoint_auth_methods_supported")).contains("none");
        assertThat((List<Object>) discovery.get("code_challenge_methods_supported")).containsExactly("S256");

        Map<String, Object> jwks = json(client.get(ISSUER + "/oauth2/jwks").body());
        assertThat((List<Object>) jwks.get("keys")).singleElement()
                .satisfies(key -> assertThat((Map<Object, Object>) key).containsEntry("kty", "RSA").containsKey("kid")
                        .doesNotContainKeys("d", "p", "q"));
    }

    @Test
    void passwordGrantGivesAnRs256AccessTokenThatVerifiesAgainstTheJwks() throws Exception {
        Map<String, Object> response = passwordGrant("ann", "ann", null);
        assertThat(response).containsEntry("token_type", "Bearer").containsKeys("refresh_token", "id_token");
        assertThat(((Number) response.get("expires_in")).longValue()).isGreaterThanOrEqualTo(3600);

        Jwt jwt = decoder.decode((String) response.get("access_token"));
        assertThat(jwt.getHeaders()).containsEntry("alg", "RS256").containsKey("kid");
        assertThat(jwt.getIssuer()).hasToString(ISSUER);
        assertThat(jwt.getSubject()).isEqualTo("ann");
        assertThat(jwt.getClaimAsString("preferred_username")).isEqualTo("ann");
        assertThat(jwt.getAudience()).containsExactly("offline-sync");
        assertThat(jwt.getExpiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
        // scope: one space-separated string (RFC 9068), which Spring's resource server maps to SCOPE_x
        assertThat(jwt.getClaims().get("scope")).isEqualTo("openid profile");
        assertThat(authorities(jwt)).containsExactlyInAnyOrder("SCOPE_openid", "SCOPE_profile");
    }

    @Test
    void syncAdminOnlyWhenAskedFor() throws Exception {
        Jwt plain = decoder.decode((String) passwordGrant("bob", "bob", "openid").get("access_token"));
        assertThat(authorities(plain)).containsExactly("SCOPE_openid");

        Jwt admin = decoder.decode((String) passwordGrant("bob", "bob", "openid profile sync:admin").get("access_token"));
        assertThat(admin.getClaims().get("scope")).isEqualTo("openid profile sync:admin");
        assertThat(authorities(admin)).contains("SCOPE_sync:admin");

        Map<String, Object> unknown = json(client.postForm(ISSUER + "/oauth2/token", passwordForm("bob", "bob", "root")).body());
        assertThat(unknown).containsEntry("error", "invalid_scope");
    }

    @Test
    void wrongPasswordAndBadUserNamesAreInvalidGrant() throws Exception {
        for (String[] credentials : List.of(new String[] {"ann", "bob"}, new String[] {"ann", ""},
                new String[] {"a.b", "a.b"}, new String[] {"x".repeat(65), "x".repeat(65)},
                new String[] {"ann smith", "ann smith"}, new String[] {"", ""})) {
            HttpResponse<String> response = client.postForm(ISSUER + "/oauth2/token", passwordForm(credentials[0], credentials[1], null));
            assertThat(response.statusCode()).as("user '%s' password '%s'", credentials[0], credentials[1]).isEqualTo(400);
            assertThat(json(response.body())).containsEntry("error", "invalid_grant").containsKey("error_description");
        }
        // the longest name is a user
        assertThat(passwordGrant("x".repeat(64), "x".repeat(64), null)).containsKey("access_token");
    }

    @Test
    void onlyTheCliClientMayUseThePasswordGrant() throws Exception {
        Map<String, String> asWeb = passwordForm("ann", "ann", null);
        asWeb.put("client_id", "offline-sync-web");
        HttpResponse<String> response = client.postForm(ISSUER + "/oauth2/token", asWeb);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body())).containsEntry("error", "unauthorized_client");

        Map<String, String> noClient = passwordForm("ann", "ann", null);
        noClient.remove("client_id");
        assertThat(client.postForm(ISSUER + "/oauth2/token", noClient).statusCode()).isEqualTo(401);

        Map<String, String> unknownClient = passwordForm("ann", "ann", null);
        unknownClient.put("client_id", "someone-else");
        HttpResponse<String> unknown = client.postForm(ISSUER + "/oauth2/token", unknownClient);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json(unknown.body())).containsEntry("error", "invalid_client");
    }

    @Test
    void refreshTokensOfThePublicCliClientRotate() throws Exception {
        Map<String, Object> first = passwordGrant("carol", "carol", "openid profile sync:admin");
        String refresh = (String) first.get("refresh_token");

        Map<String, Object> second = refresh("offline-sync-cli", refresh);
        assertThat(second).containsKeys("access_token", "refresh_token", "id_token");
        assertThat(second.get("refresh_token")).isNotEqualTo(refresh);
        Jwt renewed = decoder.decode((String) second.get("access_token"));
        assertThat(renewed.getSubject()).isEqualTo("carol");
        assertThat(renewed.getClaims().get("scope")).isEqualTo("openid profile sync:admin");
        assertThat(renewed.getAudience()).containsExactly("offline-sync");

        // the refresh token sent is spent; the new one works
        HttpResponse<String> again = client.postForm(ISSUER + "/oauth2/token",
                form("grant_type", "refresh_token", "client_id", "offline-sync-cli", "refresh_token", refresh));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again.body())).containsEntry("error", "invalid_grant");
        assertThat(refresh("offline-sync-cli", (String) second.get("refresh_token"))).containsKey("access_token");

        // a refresh token is bound to the client it was issued to
        HttpResponse<String> otherClient = client.postForm(ISSUER + "/oauth2/token", form("grant_type", "refresh_token",
                "client_id", "offline-sync-web", "refresh_token", (String) first.get("refresh_token")));
        assertThat(otherClient.statusCode()).isEqualTo(400);
    }

    @Test
    void authorizationCodeWithPkceThroughTheLoginForm() throws Exception {
        String verifier = randomUrlSafe(32);
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = ISSUER + "/oauth2/authorize?" + Browserless.encode(form("response_type", "code",
                "client_id", "offline-sync-web", "redirect_uri", WEB_REDIRECT, "scope", "openid profile sync:admin",
                "state", "s-42", "code_challenge", challenge, "code_challenge_method", "S256"));

        // not signed in: the browser is sent to the login form
        HttpResponse<String> toLogin = client.get(authorize, "Accept", "text/html");
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(location(toLogin)).isEqualTo(ISSUER + "/login");

        HttpResponse<String> signedIn = signIn("dora");
        assertThat(location(signedIn)).startsWith(ISSUER + "/oauth2/authorize?");

        // back to the authorization endpoint: no consent screen, straight to the app with a code
        HttpResponse<String> toApp = client.get(location(signedIn), "Accept", "text/html");
        assertThat(toApp.statusCode()).isEqualTo(302);
        String callback = location(toApp);
        assertThat(callback).startsWith(WEB_REDIRECT + "?").contains("state=s-42");
        String code = queryParameter(callback, "code");

        // a wrong verifier does not redeem the code
        HttpResponse<String> wrong = client.postForm(ISSUER + "/oauth2/token", form("grant_type", "authorization_code",
                "client_id", "offline-sync-web", "code", code, "redirect_uri", WEB_REDIRECT, "code_verifier", randomUrlSafe(32)));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(json(wrong.body())).containsEntry("error", "invalid_grant");

        // the app exchanges it from its own origin (CORS)
        HttpResponse<String> exchanged = client.postForm(ISSUER + "/oauth2/token", form("grant_type", "authorization_code",
                        "client_id", "offline-sync-web", "code", code, "redirect_uri", WEB_REDIRECT, "code_verifier", verifier),
                "Origin", "http://localhost:5173");
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        assertThat(exchanged.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
        Map<String, Object> tokens = json(exchanged.body());
        assertThat(tokens).containsKeys("access_token", "refresh_token", "id_token");
        Jwt jwt = decoder.decode((String) tokens.get("access_token"));
        assertThat(jwt.getSubject()).isEqualTo("dora");
        assertThat(jwt.getClaimAsString("preferred_username")).isEqualTo("dora");
        assertThat(authorities(jwt)).contains("SCOPE_sync:admin");

        // and the browser app stays signed in: its (public) refresh token works
        Map<String, Object> refreshed = refresh("offline-sync-web", (String) tokens.get("refresh_token"));
        assertThat(decoder.decode((String) refreshed.get("access_token")).getSubject()).isEqualTo("dora");
    }

    @Test
    void deviceAuthorizationGrantOfTheCliClient() throws Exception {
        HttpResponse<String> started = client.postForm(ISSUER + "/oauth2/device_authorization",
                form("client_id", "offline-sync-cli", "scope", "profile sync:admin"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        Map<String, Object> device = json(started.body());
        assertThat(device).containsKeys("device_code", "user_code", "verification_uri", "verification_uri_complete", "expires_in");
        Map<String, String> poll = form("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "client_id", "offline-sync-cli", "device_code", (String) device.get("device_code"));

        HttpResponse<String> pending = client.postForm(ISSUER + "/oauth2/token", poll);
        assertThat(pending.statusCode()).isEqualTo(400);
        assertThat(json(pending.body())).containsEntry("error", "authorization_pending");

        // the user opens the link the command line shows, signs in, and the device is authorized
        String verification = (String) device.get("verification_uri_complete");
        assertThat(verification).startsWith(ISSUER + "/oauth2/device_verification?user_code=");
        HttpResponse<String> toLogin = client.get(verification, "Accept", "text/html");
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(location(toLogin)).isEqualTo(ISSUER + "/login");
        HttpResponse<String> signedIn = signIn("frank");
        assertThat(location(signedIn)).startsWith(ISSUER + "/oauth2/device_verification?");
        HttpResponse<String> verified = client.get(location(signedIn), "Accept", "text/html");
        assertThat(verified.statusCode()).isEqualTo(302);
        assertThat(location(verified)).isEqualTo(ISSUER + "/?success");
        assertThat(client.get(location(verified), "Accept", "text/html").body()).contains("device is signed in as frank");

        HttpResponse<String> granted = client.postForm(ISSUER + "/oauth2/token", poll);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        Map<String, Object> tokens = json(granted.body());
        Jwt jwt = decoder.decode((String) tokens.get("access_token"));
        assertThat(jwt.getSubject()).isEqualTo("frank");
        assertThat(jwt.getClaims().get("scope")).isEqualTo("profile sync:admin");
        assertThat(refresh("offline-sync-cli", (String) tokens.get("refresh_token"))).containsKey("access_token");
    }

    @Test
    void corsForTheWebAppsOriginsOnly() throws Exception {
        HttpResponse<String> preflight = client.http.send(java.net.http.HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:8085").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8085");

        HttpResponse<String> jwks = client.get(ISSUER + "/oauth2/jwks", "Origin", "http://localhost:5173");
        assertThat(jwks.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");

        HttpResponse<String> stranger = client.get(ISSUER + "/oauth2/jwks", "Origin", "http://evil.example");
        assertThat(stranger.statusCode()).isEqualTo(403);
    }

    @Test
    void healthIsOpenAndATokenOfAnotherIssuerIsNotAccepted() throws Exception {
        assertThat(client.get(ISSUER + "/actuator/health").statusCode()).isEqualTo(200);
        // a token whose iss is another address of the same issuer fails the issuer check: iss is fixed
        NimbusJwtDecoder other = NimbusJwtDecoder.withJwkSetUri(ISSUER + "/oauth2/jwks").build();
        other.setJwtValidator(JwtValidators.createDefaultWithIssuer("http://127.0.0.1:" + PORT));
        String token = (String) passwordGrant("erin", "erin", null).get("access_token");
        assertThatThrownBy(() -> other.decode(token)).isInstanceOf(JwtValidationException.class);
    }

    // ------------------------------------------------------------------

    /** The login form as a browser fills it in: its page, the CSRF token in it, the post; the redirect after it. */
    private HttpResponse<String> signIn(String user) throws IOException, InterruptedException {
        HttpResponse<String> loginPage = client.get(ISSUER + "/login", "Accept", "text/html");
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.body()).contains("name=\"username\"").contains("name=\"password\"");
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();
        HttpResponse<String> signedIn = client.postForm(ISSUER + "/login",
                form("username", user, "password", user, "_csrf", csrf.group(1)), "Accept", "text/html");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        return signedIn;
    }

    private Map<String, Object> passwordGrant(String user, String password, String scope) throws IOException, InterruptedException {
        HttpResponse<String> response = client.postForm(ISSUER + "/oauth2/token", passwordForm(user, password, scope));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private Map<String, Object> refresh(String clientId, String refreshToken) throws IOException, InterruptedException {
        HttpResponse<String> response = client.postForm(ISSUER + "/oauth2/token",
                form("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static Map<String, String> passwordForm(String user, String password, String scope) {
        Map<String, String> form = form("grant_type", "password", "client_id", "offline-sync-cli", "username", user,
                "password", password);
        if (scope != null) {
            form.put("scope", scope);
        }
        return form;
    }

    private static List<String> authorities(Jwt jwt) {
        return new JwtGrantedAuthoritiesConverter().convert(jwt).stream().map(GrantedAuthority::getAuthority).toList();
    }

    private static String location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow();
        return URI.create(response.uri().toString()).resolve(location).toString();
    }

    private static String queryParameter(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
