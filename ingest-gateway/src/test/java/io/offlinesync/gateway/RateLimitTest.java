package io.offlinesync.gateway;

import static io.offlinesync.gateway.PushTest.LIST;
import static io.offlinesync.gateway.PushTest.batch;
import static io.offlinesync.gateway.PushTest.listCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Pushes beyond a client's rate (here a burst of 2, then one per 100 s: no test is that slow) or an
 * address's (a burst of 6) are 429 problem+json with Retry-After in whole seconds, and nothing is written;
 * other clients go on.
 */
@TestPropertySource(properties = {
        "sync.rate-limit.pushes-per-second=0.01", "sync.rate-limit.burst=2",
        "sync.rate-limit.per-address-pushes-per-second=0.01", "sync.rate-limit.per-address-burst=6"})
class RateLimitTest extends WebTestBase {

    @Autowired
    MeterRegistry meters;

    @Test
    void aClientOverItsRateIs429ThenTheAddressOverItsRateIs429BeforeTheBodyIsRead() throws Exception {
        String ann = batch("ann-phone", List.of(listCreated(1)));
        assertThat(postJson(LIST, ann).statusCode()).isEqualTo(202);
        assertThat(postJson(LIST, ann).statusCode()).isEqualTo(202);
        HttpResponse<String> limited = postJson(LIST, ann);
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(90L, 100L));
        JsonNode problem = json(limited);
        assertThat(problem.path("type").asString()).isEqualTo("urn:offlinesync:problem:rate-limited");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("detail").asString()).contains("ann-phone").contains("nothing was written");
        assertThat(FAKE.appended()).hasSize(2);

        // an invalid body takes none of the client's tokens (the address's, yes), and another client goes on
        assertThat(postJson(LIST, "{\"clientId\":\"bob-phone\",\"events\":[]}").statusCode()).isEqualTo(400);
        assertThat(postJson(LIST, batch("bob-phone", List.of(listCreated(1)))).statusCode()).isEqualTo(202);
        assertThat(postJson(LIST, batch("bob-phone", List.of(listCreated(1)))).statusCode()).isEqualTo(202);
        assertThat(FAKE.appended()).hasSize(4);

        // seven requests from 127.0.0.1: the address is over its burst, the body is never read
        String head = "POST /v1/lists/" + LIST + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n";
        RawHttp.Response byAddress = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII), null);
        assertThat(byAddress.statusLine()).startsWith("HTTP/1.1 429");
        assertThat(byAddress.header("connection")).isEqualTo("close");
        assertThat(Long.parseLong(byAddress.header("retry-after"))).isBetween(1L, 100L);
        assertThat(FAKE.appended()).hasSize(4);

        assertThat(meters.get("sync.ingest.requests").tag("outcome", "rate-limited").counter().count()).isEqualTo(2);
        assertThat(meters.get("sync.ingest.ratelimit.keys").tag("key", "client").gauge().value()).isEqualTo(2);
    }
}
