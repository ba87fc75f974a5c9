package io.offlinesync.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of the services in a child JVM (on this test's classpath), so a test can kill it with SIGKILL:
 * no shutdown hook, no Kafka Streams close, no transaction aborted, exactly like a crashed host.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Thread killer;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.killer = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Starts {@code mainClass} with {@code args} on a free port and waits until its health is UP. */
    static ServiceProcess start(Class<?> mainClass, List<String> args, Path log) throws IOException {
        return start(mainClass, args, log, RegistryProcess.freePort());
    }

    /** The same on a given port, so a restarted service keeps its URL. */
    static ServiceProcess start(Class<?> mainClass, List<String> args, Path log, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.util,io.offlinesync.schemas.avro",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        command.add("--server.port=" + port);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServiceProcess service = new ServiceProcess(process, port, log);
        ChildReadiness.await200(mainClass.getSimpleName(), process,
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"), log, Duration.ofSeconds(120));
        return service;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Runtime.getRuntime().removeShutdownHook(killer);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // already removed by kill(), or the JVM is shutting down
        }
    }

    @Override
    public String toString() {
        return "service on port " + port + " (log: " + log + ")";
    }
}
