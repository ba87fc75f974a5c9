package io.offlinesync.gateway;

import static io.offlinesync.gateway.PushTest.CLIENT;
import static io.offlinesync.gateway.PushTest.LIST;
import static io.offlinesync.gateway.PushTest.batch;
import static io.offlinesync.gateway.PushTest.listCreated;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A push needs a valid access token of the configured issuer: without one, with one that is not a JWT, not
 * signed or signed over other claims, the answer is 401 problem+json with {@code WWW-Authenticate: Bearer}
 * (RFC 6750), before the body is read, and nothing is appended. (A token of another audience:
 * {@link TokenAudienceTest}; the operator endpoints: {@link ActuatorAccessTest}.)
 */
class AuthenticationTest extends WebTestBase {

    static final String PATH = "/v1/lists/" + LIST + "/events";
    static final byte[] BATCH = batch(CLIENT, List.of(listCreated(1))).getBytes(StandardCharsets.UTF_8);

    @Test
    void aValidTokenPasses() throws Exception {
        // the control for every refusal below: the same push with the user's own token is written
        HttpResponse<String> response = post(PATH, "application/json", BATCH, TestIssuer.bearer(USER));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(FAKE.appended()).hasSize(1);
    }

    @Test
    void withoutATokenThePushIs401() throws Exception {
        HttpResponse<String> response = post(PATH, "application/json", BATCH, null);
        assertUnauthorized(response);
        assertNoTokenChallenge(response);
        assertThat(json(response).path("detail").asString()).contains("Authorization: Bearer");
    }

    @Test
    void theChallengeNamesProtectedResourceMetadataThatAnswersWithoutAToken() throws Exception {
        String challenge = post(PATH, "application/json", BATCH, null).headers().firstValue("WWW-Authenticate")
                .orElseThrow();
        Matcher metadata = Pattern.compile("resource_metadata=\"([^\"]+)\"").matcher(challenge);
        assertThat(metadata.find()).as(challenge).isTrue();
        // RFC 9728: a client reads it before it has a token
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(metadata.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer).path("resource").asString()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(json(answer).path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
        // the truth about the tokens: whose, and no certificate binding
        assertThat(json(answer).path("authorization_servers").toString())
                .isEqualTo("[\"" + TestIssuer.issuerUri() + "\"]");
        assertThat(json(answer).path("tls_client_certificate_bound_access_tokens").asBoolean(true)).isFalse();
    }

    @Test
    void anotherSchemeThanBearerIsNoToken() throws Exception {
        HttpResponse<String> response = post(PATH, "application/json", BATCH, "Basic YW5uOmFubg==");
        assertUnauthorized(response);
        assertNoTokenChallenge(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-jwt", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbm4iLCJhdWQiOiJvZmZsaW5lLXN5bmMifQ."})
    void aMalformedOrUnsignedTokenIs401(String token) throws Exception {
        HttpResponse<String> response = post(PATH, "application/json", BATCH, "Bearer " + token);
        assertUnauthorized(response);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer").contains("error=\"invalid_token\""));
        assertThat(json(response).path("detail").asString()).startsWith("The access token was refused");
    }

    @Test
    void aTokenWhoseClaimsWereChangedAfterSigningIs401() throws Exception {
        // ann's real token, its payload rewritten to name bob: the issuer's signature no longer matches
        String[] parts = TestIssuer.token(USER).split("\\.");
        ObjectNode claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("sub").asString()).isEqualTo(USER);
        claims.put("sub", "bob");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JSON.writeValueAsBytes(claims)) + "." + parts[2];

        HttpResponse<String> response = post(PATH, "application/json", BATCH, "Bearer " + forged);
        assertUnauthorized(response);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).contains("error=\"invalid_token\""));
    }

    @Test
    void theTokenIsCheckedBeforeTheBodyIsRead() throws Exception {
        String head = "POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer not-a-jwt\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n";
        // no body byte is ever sent: the answer can only come from the head
        RawHttp.Response response = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII), null);
        assertThat(response.statusLine()).startsWith("HTTP/1.1 401");
        assertThat(response.header("www-authenticate")).startsWith("Bearer").contains("invalid_token");
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(FAKE.appended()).isEmpty();
    }

    /** The challenge to a request without a (bearer) token: no error, since no token was refused. */
    static void assertNoTokenChallenge(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer").doesNotContain("error="));
    }

    /** 401, a Bearer challenge, the unauthorized problem, and nothing appended. */
    static void assertUnauthorized(HttpResponse<String> response) {
        PushTest.assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        JsonNode problem = json(response);
        assertThat(problem.path("type").asString()).isEqualTo("urn:offlinesync:problem:unauthorized");
        assertThat(problem.path("title").asString()).isEqualTo("Unauthorized");
        assertThat(FAKE.appended()).isEmpty();
    }
}
