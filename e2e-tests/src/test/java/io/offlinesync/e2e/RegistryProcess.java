package io.offlinesync.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Apicurio Registry (the app local-stack unpacks) as a child process, with in-memory storage
 * and free ports. Killed on close and, should the test JVM die first, by a shutdown hook.
 */
final class RegistryProcess implements Platform.Registry {

    private final Process process;
    private final int port;
    private final Thread killer;

    private RegistryProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.killer = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    private static RegistryProcess shared;

    /**
     * One registry for every {@link Platform} of this JVM, started on first use and killed when the JVM exits (by the
     * shutdown hook): each platform has a broker of its own, and registering the same schemas again gives the same
     * ids, so a test class need not pay a start (4 s) each. A test of the registry's own history of versions
     * ({@code SchemaEvolutionIT}) starts one of its own.
     */
    static synchronized RegistryProcess shared() throws IOException {
        if (shared == null || !shared.process.isAlive()) {
            Path root = Files.createDirectories(Path.of(System.getProperty("e2e.work", "target/e2e")).toAbsolutePath());
            shared = start(Files.createTempDirectory(root, "registry-"));
        }
        return shared;
    }

    static RegistryProcess start(Path workDir) throws IOException {
        Path home = Path.of(System.getProperty("apicurio.home", "../local-stack/target/apicurio"));
        Path jar = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Apicurio Registry not found at " + jar
                    + "; build the local-stack module first (mvn -pl local-stack package)");
        }
        int port = freePort();
        int management = freePort();
        Files.createDirectories(workDir);
        Path log = workDir.resolve("registry.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-Xmx384m",
                "-Djava.io.tmpdir=" + workDir,
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + management,
                "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RegistryProcess registry = new RegistryProcess(process, port);
        ChildReadiness.await200("registry", process,
                URI.create("http://127.0.0.1:" + management + "/health/ready"), log, Duration.ofSeconds(120));
        return registry;
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops it; the {@link #shared()} one is left to the JVM's exit. */
    @Override
    public void close() throws InterruptedException {
        if (this == shared) {
            return;
        }
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Runtime.getRuntime().removeShutdownHook(killer);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
