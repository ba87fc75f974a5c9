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
 * Pushes beyond a user's rate (here a burst of 2, then one per 100 s: no test is that slow), all the user's
 * devices together, or beyond an address's (a burst of 8) are 429 problem+json with Retry-After in whole
 * seconds, and nothing is written; other users go on. Both limits are checked before the body is read.
 */
@TestPropertySource(properties = {
        "sync.rate-limit.pushes-per-second=0.01", "sync.rate-limit.burst=2",
        "sync.rate-limit.per-address-pushes-per-second=0.01", "sync.rate-limit.per-address-burst=8"})
class RateLimitTest extends WebTestBase {

    @Autowired
    MeterRegistry meters;

    @Test
    void aUserOverTheRateOfAllTheirDevicesIs429ThenTheAddressOverItsRateIs429BeforeTheBodyIsRead() throws Exception {
        // two devices of ann share ann's bucket: one push each empties it, and then both are refused
        assertThat(pushAs("ann", LIST, batch("ann-phone", List.of(listCreated(1)))).statusCode()).isEqualTo(202);
        assertThat(pushAs("ann", LIST, batch("ann-laptop", List.of(listCreated(1)))).statusCode()).isEqualTo(202);
        HttpResponse<String> limited = pushAs("ann", LIST, batch("ann-phone", List.of(listCreated(2))));
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(90L, 100L));
        JsonNode problem = json(limited);
        assertThat(problem.path("type").asString()).isEqualTo("urn:offlinesync:problem:rate-limited");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("detail").asString()).contains("user ann").contains("nothing was written");
        HttpResponse<String> otherDevice = pushAs("ann", LIST, batch("ann-tablet", List.of(listCreated(1))));
        assertThat(otherDevice.statusCode()).as("a device that never pushed, of a user over the limit: %s",
                otherDevice.body()).isEqualTo(429);
        assertThat(FAKE.appended()).hasSize(2);

        // the user's limit is checked before the body is read: a declared body that never comes is refused at once
        String annHead = "POST /v1/lists/" + LIST + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + TestIssuer.authorizationLine("ann") + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n";
        RawHttp.Response byUser = RawHttp.exchange(port, annHead.getBytes(StandardCharsets.US_ASCII), null);
        assertThat(byUser.statusLine()).startsWith("HTTP/1.1 429");
        assertThat(byUser.header("connection")).isEqualTo("close");

        // another user goes on, under a clientId ann used too (the limit knows users, not clientIds); since the
        // body is read only after the check, an invalid body takes one of the user's tokens as well
        assertThat(pushAs("bob", LIST, "{\"clientId\":\"bob-phone\",\"events\":[]}").statusCode()).isEqualTo(400);
        assertThat(pushAs("bob", LIST, batch("ann-phone", List.of(listCreated(1)))).statusCode()).isEqualTo(202);
        assertThat(pushAs("bob", LIST, batch("bob-phone", List.of(listCreated(1)))).statusCode()).isEqualTo(429);
        assertThat(FAKE.appended()).hasSize(3);

        // nine requests from 127.0.0.1: the address is over its burst, even for a user with a full bucket
        String cydHead = "POST /v1/lists/" + LIST + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + TestIssuer.authorizationLine("cyd") + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n";
        RawHttp.Response byAddress = RawHttp.exchange(port, cydHead.getBytes(StandardCharsets.US_ASCII), null);
        assertThat(byAddress.statusLine()).startsWith("HTTP/1.1 429");
        assertThat(byAddress.header("connection")).isEqualTo("close");
        assertThat(Long.parseLong(byAddress.header("retry-after"))).isBetween(1L, 100L);
        assertThat(FAKE.appended()).hasSize(3);

        assertThat(meters.get("sync.ingest.requests").tag("outcome", "rate-limited").counter().count()).isEqualTo(5);
        // ann and bob have a bucket; cyd was refused by address before her bucket was looked at
        assertThat(meters.get("sync.ingest.ratelimit.keys").tag("key", "user").gauge().value()).isEqualTo(2);
        assertThat(meters.get("sync.ingest.ratelimit.keys").tag("key", "address").gauge().value()).isEqualTo(1);
    }
}
