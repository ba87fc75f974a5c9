package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.host.ServiceHost;
import io.offlinesync.issuer.testing.IssuerProcess;
import io.offlinesync.testing.EmbeddedBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The local stack's default: an instance's three services in one JVM ({@link ServiceHost}), each on its own port with
 * its own configuration, on a real broker, the real registry and the real issuer. A device's push through the
 * gateway is folded by the projector and read from the query-api of the same JVM; a host whose last service cannot
 * start closes the ones it started and exits, so a half-started instance never looks alive.
 */
class ServiceHostIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path work;
    private static EmbeddedKafkaKraftBroker broker;
    private static RegistryProcess registry;
    private static IssuerProcess issuer;

    @BeforeAll
    static void platformWithoutServices() throws IOException {
        Path root = Files.createDirectories(Path.of(System.getProperty("e2e.work", "target/e2e")).toAbsolutePath());
        work = Files.createTempDirectory(root, "host-");
        broker = EmbeddedBroker.start(3, Map.of("message.max.bytes", "2097152"), List.of());
        registry = RegistryProcess.shared();
        issuer = IssuerProcess.shared();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void threeServicesInOneJvmServeTheWholePipelineEachOnItsOwnPort() throws Exception {
        int gateway = RegistryProcess.freePort();
        int projector = RegistryProcess.freePort();
        int query = RegistryProcess.freePort();
        Path log = work.resolve("host.log");
        try (Host host = Host.start(log, "ingest-gateway", "--server.port=" + gateway,
                "--sync.rate-limit.pushes-per-second=0",
                "projector-streams", "--server.port=" + projector, "--sync.state-dir=" + work.resolve("projector"),
                "query-api", "--server.port=" + query, "--sync.state-dir=" + work.resolve("query"))) {
            for (int port : List.of(gateway, projector, query)) {
                ChildReadiness.await200("service-host", host.process,
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"), log, Duration.ofSeconds(180));
            }
            // each port is its own application with its own configuration file: their API descriptions differ
            assertThat(title(gateway)).isEqualTo("offline-sync ingest-gateway");
            assertThat(title(query)).isEqualTo("offline-sync query-api");

            String listId = "hosted-" + System.nanoTime();
            Device ann = new Device("ann-phone", "http://127.0.0.1:" + gateway, "http://127.0.0.1:" + query,
                    issuer.token("ann"));
            Device.Response pushed = ann.push(listId, ann.batch(
                    ann.event("ListCreated", "\"title\":\"One JVM\",\"policy\":\"lww\""),
                    ann.event("ItemAdded", "\"itemId\":\"milk\",\"title\":\"Milk\",\"count\":1,\"vclock\":{\"ann-phone\":1}")));
            assertThat(pushed.status()).isEqualTo(202);
            await("the list folded and served by the same JVM").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Device.Response state = ann.state(listId);
                        return state.status() == 200 && state.body().toString().contains("\"Milk\"");
                    });

            host.process.destroy(); // SIGTERM: Spring's shutdown hook closes the three
            assertThat(host.process.waitFor(60, TimeUnit.SECONDS)).as("the host stopped on SIGTERM").isTrue();
            assertThat(Files.readString(log))
                    .contains("service-host: one RocksDB budget of 128MB for the stores of [projector-streams, query-api]")
                    .contains("service-host: running [ingest-gateway, projector-streams, query-api]");
        }
    }

    @Test
    void aHostWhoseServiceCannotStartClosesTheOthersAndExits() throws Exception {
        int gateway = RegistryProcess.freePort();
        Path log = work.resolve("host-refused.log");
        try (ServerSocket taken = new ServerSocket(0);
             Host host = Host.start(log, "ingest-gateway", "--server.port=" + gateway,
                     "query-api", "--server.port=" + taken.getLocalPort(), "--sync.state-dir=" + work.resolve("q2"))) {
            assertThat(host.process.waitFor(180, TimeUnit.SECONDS)).as("the host exited").isTrue();
            assertThat(host.process.exitValue()).isEqualTo(1);
            assertThat(Files.readString(log))
                    .contains("service-host: query-api did not start; closing the 1 started before it and exiting");
        }
    }

    @Test
    void anUnknownServiceIsRefusedByNameBeforeAnythingStarts() throws Exception {
        Path log = work.resolve("host-unknown.log");
        try (Host host = Host.start(log, "ingest-gateway", "issuer")) {
            assertThat(host.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(host.process.exitValue()).isEqualTo(2);
            assertThat(Files.readString(log)).contains("'issuer' is neither a service");
        }
    }

    /** The title of the OpenAPI description a port serves. */
    private static String title(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("/v3/api-docs on " + port).isEqualTo(200);
        return Device.JSON.readTree(response.body()).get("info").get("title").asString();
    }

    /** {@link ServiceHost} in a child JVM on this test's class path, killed if the test ends without stopping it. */
    private record Host(Process process, Thread killer) implements AutoCloseable {

        static Host start(Path log, String... serviceArgs) throws IOException {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx768m", "-XX:TieredStopAtLevel=1",
                    "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.util,io.offlinesync.schemas.avro",
                    "-cp", System.getProperty("java.class.path"), ServiceHost.class.getName(),
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                    "--sync.registry.url=" + registry.url(),
                    "--sync.access.issuer-uri=" + issuer.issuerUri(),
                    "--spring.main.banner-mode=off"));
            command.addAll(List.of(serviceArgs));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Thread killer = new Thread(process::destroyForcibly);
            Runtime.getRuntime().addShutdownHook(killer);
            return new Host(process, killer);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            Runtime.getRuntime().removeShutdownHook(killer);
        }
    }
}
