package io.offlinesync.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.issuer.testing.IssuerProcess;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query-api as it is run, as an OAuth2 resource server (PROTOCOL.md v1.1 "Identity"), on a KRaft broker with
 * the platform's issuer ({@link RunningQueryApi}): every request but the probes and the API description needs a
 * valid token of that issuer (401, {@code WWW-Authenticate: Bearer}, problem+json), {@code /admin/**} and the
 * actuator need the operator scope (403), and a token the issuer did not sign is no token.
 */
@ExtendWith(RunningQueryApi.Shared.class)
class QuerySecurityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every kind of endpoint: the reads, the caller's lists, the admin ones, the actuator, and no endpoint at all. */
    static final List<String> GUARDED = List.of("/v1/lists", "/v1/lists/groceries",
            "/v1/lists/groceries/events?after=0&waitMs=5000", "/v1/lists/groceries/items/milk/history",
            "/v1/lists/groceries?policy=lww", "/admin/projections", "/admin/instances", "/actuator/health",
            "/actuator/info", "/actuator/prometheus", "/v1/no-such-endpoint");

    /** Only operators. */
    static final List<String> ADMIN = List.of("/admin/projections", "/admin/instances", "/actuator/health",
            "/actuator/info", "/actuator/prometheus");

    static RunningQueryApi api;
    static String user;
    static String operator;

    @BeforeAll
    static void start(RunningQueryApi running) {
        api = running;
        user = running.issuer().token("ann");
        operator = running.issuer().adminToken("op");
    }

    private static JsonNode json(HttpResponse<String> answer) {
        return JSON.readTree(answer.body());
    }

    /** A 401 as PROTOCOL.md v1.1 "Identity" wants it: {@code WWW-Authenticate: Bearer ...} and a problem. */
    private static void assertUnauthorized(HttpResponse<String> answer, String what) {
        assertThat(answer.statusCode()).as("%s: %s", what, answer.body()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).as(what)
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(answer.headers().firstValue("Content-Type")).as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(answer);
        assertThat(problem.path("type").asString()).as(what).isEqualTo("urn:offlinesync:problem:unauthorized");
        assertThat(problem.path("title").asString()).as(what).isEqualTo("Unauthorized");
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(401);
        assertThat(problem.path("detail").asString()).as(what).isNotBlank();
    }

    @Test
    void withoutATokenEveryEndpointIs401WithWwwAuthenticateAndAProblem() throws Exception {
        for (String path : GUARDED) {
            HttpResponse<String> answer = api.get(path, null);
            assertUnauthorized(answer, path);
            // RFC 6750 3.1: a request without a token gets no error code
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).doesNotContain("error="));
            assertThat(json(answer).path("detail").asString()).as(path).contains("Authorization: Bearer");
        }
        assertUnauthorized(api.send("POST", "/admin/projections/rollback", null), "rollback");
    }

    @Test
    void aTokenThatIsNotAValidJwtIs401InvalidToken() throws Exception {
        String[] parts = user.split("\\.");
        // ann's token with its payload changed to name another user: the signature no longer matches
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"sub\":\"ann\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"sub\":\"ann\"", "\"sub\":\"op\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        for (String token : List.of("not-a-jwt", parts[0] + "." + parts[1] + ".", tampered)) {
            HttpResponse<String> answer = api.get("/v1/lists", token);
            assertUnauthorized(answer, token);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).contains("error=\"invalid_token\""));
            assertThat(json(answer).path("detail").asString()).startsWith("The access token was refused");
        }
        // a scheme other than Bearer is no token at all
        for (String authorization : List.of("Basic YW5uOmFubg==", "Token " + user, "Bearer")) {
            assertUnauthorized(api.sendAuthorized("GET", "/v1/lists", authorization), authorization);
        }
    }

    /**
     * A second issuer that claims to be ours ({@code ISSUER_URL} set to our issuer's URL): its tokens carry our
     * issuer's {@code iss}, our audience, a valid expiry and a user, an operator's the operator scope. Only the
     * signature tells them apart, and it does: none is taken.
     */
    @Test
    void tokensOfAnotherIssuerAre401EvenWhenItClaimsToBeOurs() throws Exception {
        try (IssuerProcess other = IssuerProcess.start(Map.of("ISSUER_URL", api.issuer().issuerUri()))) {
            assertThat(other.issuerUri()).isEqualTo(api.issuer().issuerUri());
            String annElsewhere = other.token("ann");
            String operatorElsewhere = other.adminToken("op");
            String claims = new String(Base64.getUrlDecoder().decode(annElsewhere.split("\\.")[1]), StandardCharsets.UTF_8);
            assertThat(JSON.readTree(claims).path("iss").asString()).isEqualTo(api.issuer().issuerUri());

            for (String path : List.of("/v1/lists", "/v1/lists/groceries", "/admin/projections")) {
                for (String token : List.of(annElsewhere, operatorElsewhere)) {
                    HttpResponse<String> answer = api.get(path, token);
                    assertUnauthorized(answer, path);
                    assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                            value -> assertThat(value).contains("error=\"invalid_token\""));
                }
            }
        }
        // our own issuer's tokens are taken all along
        assertThat(api.get("/v1/lists", user).statusCode()).isEqualTo(200);
    }

    @Test
    void adminEndpointsAndTheActuatorAre403ForAUserAnd200ForAnOperator() throws Exception {
        for (String path : ADMIN) {
            HttpResponse<String> denied = api.get(path, user);
            assertThat(denied.statusCode()).as("%s: %s", path, denied.body()).isEqualTo(403);
            assertThat(denied.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer").contains("error=\"insufficient_scope\""));
            assertThat(denied.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = json(denied);
            assertThat(problem.path("type").asString()).isEqualTo("urn:offlinesync:problem:forbidden");
            assertThat(problem.path("status").asInt()).isEqualTo(403);
            assertThat(problem.path("detail").asString()).contains("sync:admin");

            HttpResponse<String> allowed = api.get(path, operator);
            assertThat(allowed.statusCode()).as("%s: %s", path, allowed.body()).isIn(200, 503); // health: its status
        }
        HttpResponse<String> status = api.get("/admin/projections", operator);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(json(status).path("active").asString()).matches("v[0-9]+");
        assertThat(api.get("/actuator/prometheus", operator).body()).contains("sync_catchup_longpolls_open");

        // a switch is refused to a user before anything is switched
        String before = json(api.get("/admin/projections", operator)).path("active").asString();
        for (String path : List.of("/admin/projections/rollback", "/admin/projections/activate?version=v1",
                "/admin/projections/activate?version=v2")) {
            HttpResponse<String> denied = api.send("POST", path, user);
            assertThat(denied.statusCode()).as(path).isEqualTo(403);
            assertThat(json(denied).path("type").asString()).isEqualTo("urn:offlinesync:problem:forbidden");
        }
        assertThat(json(api.get("/admin/projections", operator)).path("active").asString()).isEqualTo(before);
    }

    @Test
    void theProbesAndTheApiDescriptionAreOpen() throws Exception {
        HttpResponse<String> liveness = api.get("/actuator/health/liveness", null);
        assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
        assertThat(json(liveness).path("status").asString()).isEqualTo("UP");
        // readiness is UP once the stores, the broker, the active projection and the membership view are
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> readiness = api.get("/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
            assertThat(json(readiness).path("components").path("membershipView").path("status").asString())
                    .isEqualTo("UP");
        });
        assertThat(api.get("/v3/api-docs", null).statusCode()).isEqualTo(200);
        assertThat(api.get("/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
    }

    /**
     * A user's lists are theirs only, and a list they are not a member of is not there: the very 404 an operator
     * (who reads every list) gets for a list that does not exist.
     */
    @Test
    void aSignedInUserListsTheirOwnListsAndANonMemberGetsTheUnknownList404() throws Exception {
        HttpResponse<String> mine = api.get("/v1/lists", user);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).isEqualTo("{\"lists\":[]}");
        for (String path : List.of("/v1/lists/groceries", "/v1/lists/groceries/events?after=0",
                "/v1/lists/groceries/items/milk/history", "/v1/lists/groceries?policy=counter")) {
            HttpResponse<String> nonMember = api.get(path, user);
            HttpResponse<String> unknown = api.get(path, operator);
            assertThat(nonMember.statusCode()).as(path).isEqualTo(404);
            assertThat(unknown.statusCode()).as(path).isEqualTo(404);
            assertThat(nonMember.body()).as(path).isEqualTo(unknown.body());
            assertThat(nonMember.headers().firstValue("Content-Type")).isEqualTo(unknown.headers().firstValue("Content-Type"));
        }
    }
}
