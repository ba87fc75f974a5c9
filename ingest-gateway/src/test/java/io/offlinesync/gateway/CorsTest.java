package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Browser apps on the configured origins may call the service (the bearer token travels in a header, no
 * cookies); other origins get no CORS grant, and the token is checked as for any caller.
 */
@TestPropertySource(properties = "sync.access.cors-allowed-origins=http://localhost:5173, https://app.example")
class CorsTest extends WebTestBase {

    private HttpResponse<String> preflight(String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/v1/lists/groceries/events")).timeout(Duration.ofSeconds(30))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aConfiguredOriginMayPushWithItsBearerToken() throws Exception {
        HttpResponse<String> allowed = preflight("https://app.example");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                methods -> assertThat(methods).contains("POST"));
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                headers -> assertThat(headers.toLowerCase()).contains("authorization").contains("content-type"));
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

        // the push itself: the answer's headers a browser app reads are exposed to it
        HttpResponse<String> pushed = HTTP.send(HttpRequest.newBuilder(uri("/v1/lists/groceries/events"))
                .timeout(Duration.ofSeconds(30)).header("Origin", "http://localhost:5173")
                .header("Authorization", TestIssuer.bearer(USER)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PushTest.batch(PushTest.CLIENT,
                        java.util.List.of(PushTest.listCreated(1))))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
        assertThat(pushed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
        assertThat(pushed.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
                exposed -> assertThat(exposed).contains("Retry-After"));
    }

    @Test
    void anotherOriginGetsNoGrant() throws Exception {
        HttpResponse<String> refused = preflight("https://evil.example");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(FAKE.appended()).isEmpty();
    }
}
