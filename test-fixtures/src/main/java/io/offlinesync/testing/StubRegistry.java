package io.offlinesync.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stand-in schema registry on a free local port, answering the Confluent-compatible calls a service makes
 * at startup: a registration gets id 42, anything else (setting a subject's compatibility) the compatibility
 * BACKWARD_TRANSITIVE. It records every call. A test either registers it
 * ({@code @RegisterExtension final StubRegistry registry = new StubRegistry();}: started before each test,
 * stopped after) or starts and closes one itself ({@link #started()}).
 */
public final class StubRegistry implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** A registry started now; the caller closes it. */
    public static StubRegistry started() {
        StubRegistry registry = new StubRegistry();
        registry.start();
        return registry;
    }

    private void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/apis/ccompat/v7/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body);
            byte[] answer = (exchange.getRequestMethod().equals("POST") ? "{\"id\":42}"
                    : "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}: the value of a service's {@code REGISTRY_URL}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The calls so far, in order, each as {@code METHOD path body}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        calls.clear();
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
