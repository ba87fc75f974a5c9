package io.offlinesync.gateway;

import static io.offlinesync.gateway.PushTest.LIST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.gateway.inbox.InFlightBudget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Slow bodies are cut off at {@code sync.body-read-timeout} (here 1 s) however they are slow, while the
 * connection's read timeout stays long (20 s): a body that stalls, and one that trickles a byte at a time
 * (each read succeeds, so no per-read timeout would ever fire), both get 408 problem+json, their
 * connection closed, nothing appended and their bytes of the budget back.
 */
@TestPropertySource(properties = {"sync.body-read-timeout=1s", "server.tomcat.connection-timeout=20s"})
class BodyReadTimeoutTest extends WebTestBase {

    private static String head() {
        return "POST /v1/lists/" + LIST + "/events HTTP/1.1\r\nHost: localhost\r\n" + TestIssuer.authorizationLine(USER)
                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
    }

    @Autowired
    InFlightBudget budget;

    @Test
    void aBodyThatStallsIs408AfterTheBodyReadTimeoutNotTheConnectionTimeout() throws Exception {
        long start = System.nanoTime();
        RawHttp.Response response = RawHttp.exchange(port, (head() + "{\"clientId\":").getBytes(StandardCharsets.US_ASCII),
                null);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertCutOff(response);
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void aBodyThatTricklesIs408WithinTwiceTheBodyReadTimeout() throws Exception {
        long start = System.nanoTime();
        RawHttp.Response response = RawHttp.exchange(port, head().getBytes(StandardCharsets.US_ASCII), out -> {
            // a byte every 100 ms: 1000 bytes would take 100 s
            for (int k = 0; k < 1000; k++) {
                out.write(' ');
                out.flush();
                try {
                    Thread.sleep(100); // the slow client's pace, not a synchronization
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertCutOff(response);
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
    }

    private void assertCutOff(RawHttp.Response response) {
        assertThat(response.statusLine()).startsWith("HTTP/1.1 408");
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.header("connection")).isEqualTo("close");
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.inFlightBytes() == 0);
        assertThat(FAKE.appended()).isEmpty();
    }
}
