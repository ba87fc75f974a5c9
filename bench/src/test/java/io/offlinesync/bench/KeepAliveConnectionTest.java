package io.offlinesync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The `ingest` benchmark counts a push as accepted only when this connection read a 202: a misread answer (a body
 * left unread, a chunk miscounted) would shift every later answer on the connection and turn the figures into noise.
 * Against the JDK's own HTTP server, which answers with a length, chunked, and closing the connection.
 */
class KeepAliveConnectionTest {

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Integer> remotePorts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/length", exchange -> answer(exchange, 202, "x".repeat(9_000).getBytes(), false));
        server.createContext("/chunked", exchange -> answer(exchange, 202, "y".repeat(70_000).getBytes(), true));
        server.createContext("/refused", exchange -> answer(exchange, 400, "{\"title\":\"Invalid batch\"}".getBytes(), false));
        server.createContext("/close", exchange -> {
            exchange.getResponseHeaders().set("Connection", "close");
            answer(exchange, 202, "bye".getBytes(), false);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private KeepAliveConnection connection(String headers) {
        return new KeepAliveConnection(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), headers);
    }

    private void answer(HttpExchange exchange, int status, byte[] body, boolean chunked) throws IOException {
        received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("Authorization") + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        remotePorts.add(exchange.getRemoteAddress().getPort());
        exchange.sendResponseHeaders(status, chunked ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void readsEveryAnswerWholeSoThatTheNextOneIsReadFromItsStart() throws IOException {
        try (KeepAliveConnection connection = connection("Authorization: Bearer t0k\r\n")) {
            assertThat(connection.post("/length/1", "{\"n\":1}".getBytes())).isEqualTo(202);
            assertThat(connection.post("/chunked/2", "{\"n\":2}".getBytes())).isEqualTo(202);
            assertThat(connection.post("/refused/3", "{\"n\":3}".getBytes())).isEqualTo(400);
            assertThat(connection.post("/length/4", "{\"n\":4}".getBytes())).isEqualTo(202);
        }
        assertThat(received).containsExactly(
                "POST /length/1 Bearer t0k {\"n\":1}",
                "POST /chunked/2 Bearer t0k {\"n\":2}",
                "POST /refused/3 Bearer t0k {\"n\":3}",
                "POST /length/4 Bearer t0k {\"n\":4}");
        assertThat(remotePorts).as("one connection kept alive").hasSize(4).containsOnly(remotePorts.get(0));
    }

    @Test
    void opensAgainAfterTheServerClosedTheConnection() throws IOException {
        try (KeepAliveConnection connection = connection("")) {
            assertThat(connection.post("/close/1", "a".getBytes())).isEqualTo(202);
            assertThat(connection.post("/length/2", "b".getBytes())).isEqualTo(202);
        }
        assertThat(received).hasSize(2);
        assertThat(remotePorts.get(1)).as("a new connection").isNotEqualTo(remotePorts.get(0));
    }
}
