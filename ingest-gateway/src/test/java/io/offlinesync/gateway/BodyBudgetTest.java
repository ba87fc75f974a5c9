package io.offlinesync.gateway;

import static io.offlinesync.gateway.PushTest.CLIENT;
import static io.offlinesync.gateway.PushTest.LIST;
import static io.offlinesync.gateway.PushTest.batch;
import static io.offlinesync.gateway.PushTest.listCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.gateway.inbox.InFlightBudget;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Request bodies count against the in-flight budget ({@code sync.max-in-flight-bytes}) from their
 * Content-Length before a byte is read, and chunked bodies as they arrive: a body that does not fit is 503
 * with Retry-After, its connection closed, nothing appended, and every byte given back.
 */
class BodyBudgetTest extends WebTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Autowired
    InFlightBudget budget;

    private long heldByTest;

    /** Fills the budget but for {@code room} bytes, as other requests would. */
    private void leaveRoom(long room) {
        heldByTest = budget.maxBytes() - room;
        assertThat(budget.tryReserve(heldByTest)).isTrue();
    }

    @AfterEach
    void giveBack() {
        budget.release(heldByTest);
        heldByTest = 0;
        await().atMost(DEADLINE).until(() -> budget.inFlightBytes() == 0);
    }

    @Test
    void aDeclaredLengthThatDoesNotFitIs503BeforeAnyBodyIsSent() throws Exception {
        leaveRoom(1000);
        String head = "POST /v1/lists/" + LIST + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + TestIssuer.authorizationLine(USER)
                + "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
        // no body byte is ever sent: the answer can only come from the declared length
        RawHttp.Response response = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII), null);
        assertThat(response.statusLine()).startsWith("HTTP/1.1 503");
        assertThat(response.header("retry-after")).isEqualTo("7");
        assertThat(response.header("connection")).isEqualTo("close");
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(budget.inFlightBytes()).isEqualTo(heldByTest);
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void aBodyThatFitsIsServedAndItsBytesComeBack() throws Exception {
        String body = batch(CLIENT, List.of(listCreated(1)));
        leaveRoom(body.length() + 10);
        HttpResponse<String> response = postJson(LIST, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(budget.inFlightBytes()).isEqualTo(heldByTest);
        assertThat(FAKE.appended()).hasSize(1);
    }

    @Test
    void aChunkedBodyIsCountedAsItArrivesAndRefusedWhenItNoLongerFits() throws Exception {
        leaveRoom(100_000);
        String head = "POST /v1/lists/" + LIST + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + TestIssuer.authorizationLine(USER)
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        byte[] chunk = ("4000\r\n" + " ".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        // 20 chunks of 16 KiB (320 KiB, under the 1 MiB cap) and no end: only the budget can stop it
        RawHttp.Response response = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII), out -> {
            for (int k = 0; k < 20; k++) {
                out.write(chunk);
            }
            out.flush();
        });
        assertThat(response.statusLine()).startsWith("HTTP/1.1 503");
        assertThat(response.header("retry-after")).isEqualTo("7");
        assertThat(response.header("connection")).isEqualTo("close");
        await().atMost(DEADLINE).until(() -> budget.inFlightBytes() == heldByTest);
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void oneAddressHoldingSlowBodiesUpToItsShareGets429WhileTheBudgetHasRoom() throws Exception {
        long mebibyte = 1024 * 1024;
        String head = "POST /v1/lists/" + LIST + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + TestIssuer.authorizationLine(USER)
                + "Content-Type: application/json\r\nContent-Length: " + mebibyte + "\r\n\r\n{";
        List<Socket> slow = new ArrayList<>();
        try {
            // the default share is 8 MiB: eight slow 1 MiB bodies from 127.0.0.1 fill it
            for (int k = 0; k < 8; k++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            await().atMost(DEADLINE).until(() -> budget.inFlightBytes() == 8 * mebibyte);
            RawHttp.Response ninth = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII), null);
            assertThat(ninth.statusLine()).startsWith("HTTP/1.1 429");
            assertThat(ninth.header("retry-after")).isEqualTo("7");
            assertThat(ninth.header("connection")).isEqualTo("close");
            assertThat(ninth.header("content-type")).startsWith("application/problem+json");
            assertThat(budget.inFlightBytes()).isEqualTo(8 * mebibyte); // far below the 64 MiB budget
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        // the clients went away: their bodies end early, are refused, and give every byte back
        await().atMost(DEADLINE).until(() -> budget.inFlightBytes() == 0);
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void aBodyHoldsItsDeclaredBytesWhileItArrivesAndGivesThemBackWhenAnswered() throws Exception {
        String body = batch(CLIENT, List.of(listCreated(1)));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/lists/" + LIST + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + TestIssuer.authorizationLine(USER)
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        CountDownLatch rest = new CountDownLatch(1);
        Thread client = Thread.ofPlatform().start(() -> {
            try {
                RawHttp.Response response = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII), out -> {
                    out.write(bytes, 0, 10);
                    out.flush();
                    try {
                        rest.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    out.write(bytes, 10, bytes.length - 10);
                    out.flush();
                });
                assertThat(response.statusLine()).startsWith("HTTP/1.1 202");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        // half a body has arrived: the whole declared length is already held
        await().atMost(DEADLINE).until(() -> budget.inFlightBytes() == bytes.length);
        rest.countDown();
        client.join(DEADLINE.toMillis());
        assertThat(client.isAlive()).isFalse();
        assertThat(budget.inFlightBytes()).isZero();
        assertThat(FAKE.appended()).hasSize(1);
    }
}
