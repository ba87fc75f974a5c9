package io.offlinesync.query;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.offlinesync.issuer.testing.IssuerProcess;
import io.offlinesync.schemas.Topics;
import io.offlinesync.testing.EmbeddedBroker;
import io.offlinesync.testing.StubRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The query-api as it is run ({@code QueryApplication.app()}) on an in-JVM KRaft broker (the topics it reads,
 * empty) with a stand-in registry, trusting the tokens of the JVM's shared {@link IssuerProcess}: one for every
 * test class of the JVM that needs the whole service, started by the first ({@code @ExtendWith(Shared.class)}
 * and a {@code RunningQueryApi} parameter of its {@code @BeforeAll} method) and stopped when the test run ends
 * (JUnit closes it with the root store), broker, registry, state directory and all. Ready when it is returned:
 * Kafka Streams runs and an operator's read of an unknown list is a 404.
 */
public final class RunningQueryApi implements AutoCloseable {

    /** The in-JVM broker's own loggers, quiet before and after Spring Boot sets up logging. */
    static final List<String> BROKER_LOGGERS = List.of("kafka", "state.change.logger", "org.apache.kafka");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final EmbeddedKafkaKraftBroker broker;
    private final StubRegistry registry;
    private final Path stateDir;
    private final ConfigurableApplicationContext app;
    private final IssuerProcess issuer;
    private final int port;

    /** Resolves a {@code RunningQueryApi} parameter: the run's one, started on first use. */
    public static final class Shared implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RunningQueryApi.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(RunningQueryApi.class, key -> new RunningQueryApi(), RunningQueryApi.class);
        }
    }

    private RunningQueryApi() {
        BROKER_LOGGERS.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN));
        issuer = IssuerProcess.shared();
        broker = EmbeddedBroker.start(2, new NewTopic(Topics.EVENTS, 2, (short) 1),
                new NewTopic(Topics.LISTS_V1, 2, (short) 1), new NewTopic(Topics.LISTS_V2, 2, (short) 1),
                new NewTopic(Topics.PROJECTIONS, 1, (short) 1), new NewTopic(Topics.MEMBERS, 2, (short) 1));
        StubRegistry stand = null;
        Path dir = null;
        ConfigurableApplicationContext started = null;
        boolean ready = false;
        try {
            stand = StubRegistry.started();
            dir = Files.createTempDirectory("query-api-running");
            started = QueryApplication.app().run("--server.port=0",
                    "--OIDC_ISSUER_URI=" + issuer.issuerUri(),
                    "--KAFKA_BOOTSTRAP_SERVERS=" + broker.getBrokersAsString(),
                    "--REGISTRY_URL=" + stand.url(),
                    "--STATE_DIR=" + dir,
                    "--STREAM_JOIN_WAIT=300ms", // a stream of a list that does not exist ends that soon
                    "--logging.level.kafka=WARN", "--logging.level.state.change.logger=WARN");
            port = ((WebServerApplicationContext) started).getWebServer().getPort();
            String operator = issuer.adminToken("op");
            // the stores answer once Kafka Streams runs: until then an operator's read is a 503 (a user's is a
            // 404 at once, the membership view knowing no such list)
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get("/v1/lists/groceries", operator).statusCode() == 404);
            ready = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            registry = stand;
            stateDir = dir;
            app = started;
            if (!ready) {
                close();
            }
        }
    }

    /** The issuer whose tokens the service takes. */
    public IssuerProcess issuer() {
        return issuer;
    }

    public int port() {
        return port;
    }

    public ConfigurableApplicationContext app() {
        return app;
    }

    /** {@code method path} (path and query) with {@code token} as bearer (null: no Authorization header). */
    public HttpResponse<String> send(String method, String path, String token) throws IOException, InterruptedException {
        return sendAuthorized(method, path, token == null ? null : "Bearer " + token);
    }

    /** {@code method path} with this {@code Authorization} header as it is (null: none). */
    public HttpResponse<String> sendAuthorized(String method, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token);
    }

    @Override
    public void close() {
        stop(app, registry, broker, stateDir);
    }

    private static void stop(ConfigurableApplicationContext app, StubRegistry registry, EmbeddedKafkaKraftBroker broker,
                             Path stateDir) {
        if (app != null) {
            app.close();
        }
        if (registry != null) {
            registry.close();
        }
        broker.destroy();
        if (stateDir != null) {
            try {
                Utils.delete(stateDir.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
