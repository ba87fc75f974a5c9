package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Who reaches what besides pushes: the actuator endpoints (metrics, info, the whole health) and {@code /admin/**}
 * are the operators' (a token with the scope {@code sync:admin}): 401 without a token, 403 problem+json for a
 * plain user. The liveness and readiness probes and the API description stay open: orchestrators and
 * readers of the documentation have no token.
 */
class ActuatorAccessTest extends WebTestBase {

    static String operator() {
        return "Bearer " + TestIssuer.adminToken("ops");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/prometheus", "/actuator/info", "/actuator/health", "/actuator"})
    void operatorEndpointsAre401WithoutATokenAnd403ForAUserAnd200ForAnOperator(String path) throws Exception {
        HttpResponse<String> anonymous = get(path, null);
        AuthenticationTest.assertUnauthorized(anonymous);
        AuthenticationTest.assertNoTokenChallenge(anonymous);

        HttpResponse<String> user = get(path, TestIssuer.bearer(USER));
        PushTest.assertProblem(user, 403);
        assertThat(json(user).path("type").asString()).isEqualTo("urn:offlinesync:problem:forbidden");
        assertThat(json(user).path("detail").asString()).contains("sync:admin");
        assertThat(user.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer").contains("insufficient_scope"));

        HttpResponse<String> operator = get(path, operator());
        if (path.equals("/actuator/health")) {
            // the endpoint's own answer: 503 while no broker answers at localhost:9092
            assertThat(operator.statusCode()).as(operator.body()).isIn(200, 503);
            assertThat(json(operator).path("components").path("membershipView").path("status").asString())
                    .isEqualTo("UP");
        } else {
            assertThat(operator.statusCode()).as(operator.body()).isEqualTo(200);
        }
    }

    @Test
    void whatTheOperatorGetsIsTheEndpointsOwnAnswer() throws Exception {
        String metrics = get("/actuator/prometheus", operator()).body();
        assertThat(metrics).contains("sync_ingest_requests_total{outcome=\"accepted\"}");
        JsonNode info = json(get("/actuator/info", operator()));
        assertThat(info.path("app").path("name").asString()).isEqualTo("ingest-gateway");
    }

    @Test
    void adminPathsAreOperatorsToo() throws Exception {
        AuthenticationTest.assertUnauthorized(get("/admin/anything", null));
        HttpResponse<String> user = get("/admin/anything", TestIssuer.bearer(USER));
        PushTest.assertProblem(user, 403);
        assertThat(json(user).path("type").asString()).isEqualTo("urn:offlinesync:problem:forbidden");
        // past the door there is nothing: the gateway has no admin endpoint
        PushTest.assertProblem(get("/admin/anything", operator()), 404);
    }

    @Test
    void theProbesAreOpenWithoutAToken() throws Exception {
        HttpResponse<String> liveness = get("/actuator/health/liveness", null);
        assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
        assertThat(json(liveness).path("status").asString()).isEqualTo("UP");

        // ready or not depends on whether a broker answers at localhost:9092; either way the probe answers itself
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).as(readiness.body()).isIn(200, 503);
        JsonNode components = json(readiness).path("components");
        assertThat(components.path("readinessState").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("membershipView").path("status").asString()).isEqualTo("UP");
    }

    @Test
    void theApiDescriptionIsOpenWithoutAToken() throws Exception {
        HttpResponse<String> spec = get("/v3/api-docs", null);
        assertThat(spec.statusCode()).as(spec.body()).isEqualTo(200);
        assertThat(json(spec).path("paths").has("/v1/lists/{listId}/events")).isTrue();
        assertThat(get("/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownPathIs401WithoutATokenAnd404WithOne() throws Exception {
        // an unknown path is not open: without a token it is 401 (what exists is not told to strangers)
        AuthenticationTest.assertUnauthorized(get("/v2/nothing", null));
        PushTest.assertProblem(get("/v2/nothing", TestIssuer.bearer(USER)), 404);
    }
}
