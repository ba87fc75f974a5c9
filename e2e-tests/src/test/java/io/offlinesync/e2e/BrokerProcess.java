package io.offlinesync.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker (the jars local-stack fetches) as a child process, so a test can stop
 * it, kill it and start it again on the same port and data: the embedded broker cannot be restarted.
 */
final class BrokerProcess implements AutoCloseable {

    static final String SASL_USER = "sync";
    static final String SASL_PASSWORD = "sync-secret";
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private final Path home;
    private final Path dir;
    private final Path config;
    private final int port;
    /** The SASL_PLAINTEXT listener's port, or 0 when there is none. */
    private final int saslPort;
    private Process process;
    private Thread killer;
    private int starts;

    private BrokerProcess(Path home, Path dir, int port, int saslPort, Path config) {
        this.home = home;
        this.dir = dir;
        this.port = port;
        this.saslPort = saslPort;
        this.config = config;
    }

    static BrokerProcess start(Path dir, int partitions) throws IOException, InterruptedException {
        return start(dir, partitions, false);
    }

    /**
     * With {@code sasl}, a second listener that takes only SASL_PLAINTEXT with PLAIN ({@link #SASL_USER} and
     * {@link #SASL_PASSWORD}); the broker talks to itself on the plain one.
     */
    static BrokerProcess start(Path dir, int partitions, boolean sasl) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("kafka.home", "../local-stack/target/kafka"));
        if (!Files.isDirectory(home.resolve("libs"))) {
            throw new IllegalStateException("Kafka jars not found at " + home.resolve("libs")
                    + "; build the local-stack module first (mvn -pl local-stack package)");
        }
        Files.createDirectories(dir);
        int port = RegistryProcess.freePort();
        int controller = RegistryProcess.freePort();
        int saslPort = sasl ? RegistryProcess.freePort() : 0;
        String saslListener = sasl ? ",SASL_PLAINTEXT://127.0.0.1:" + saslPort : "";
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + saslListener + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + saslListener,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
                sasl ? "sasl.enabled.mechanisms=PLAIN" : "",
                sasl ? "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + PLAIN_LOGIN
                        + " required user_" + SASL_USER + "=\"" + SASL_PASSWORD + "\";" : "",
                "log.dirs=" + dir.resolve("data"),
                "num.network.threads=2",
                "num.io.threads=2",
                "num.partitions=" + partitions,
                "auto.create.topics.enable=false",
                "message.max.bytes=2097152",
                "replica.fetch.max.bytes=2097152",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=6",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // lets a test shorten a crashed Streams member's session (the default minimum is 6 s)
                "group.min.session.timeout.ms=2000",
                "") );
        BrokerProcess broker = new BrokerProcess(home, dir, port, saslPort, config);
        broker.format();
        broker.start();
        return broker;
    }

    private void format() throws IOException, InterruptedException {
        Process format = new ProcessBuilder(java(List.of("-Xmx256m"), "kafka.tools.StorageTool", "format",
                "--ignore-formatted", "-t", Uuid.randomUuid().toString(), "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the broker's storage failed; see " + dir.resolve("format.log"));
        }
    }

    /** Starts the broker (again, after {@link #stop()} or {@link #kill()}) and waits until it answers. */
    void start() throws IOException {
        Path log = dir.resolve("broker-" + (++starts) + ".log");
        process = new ProcessBuilder(java(List.of("-Xmx512m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + home.resolve("config/log4j2.properties"),
                "-Dkafka.logs.dir=" + dir.resolve("logs")), "kafka.Kafka", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process started = process;
        killer = new Thread(started::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(killer);
        await("broker answering (log: " + log + ")").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("broker exited; log: " + log);
                    }
                    return answers();
                });
    }

    private boolean answers() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(props)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** A clean shutdown (SIGTERM), as an operator's restart would do. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        forget();
    }

    /** SIGKILL: the broker dies with whatever it had not written. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        forget();
    }

    private void forget() {
        if (killer != null) {
            Runtime.getRuntime().removeShutdownHook(killer);
            killer = null;
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The SASL_PLAINTEXT listener (with {@code start(dir, partitions, true)}). */
    String saslBootstrap() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker has no SASL listener");
        }
        return "127.0.0.1:" + saslPort;
    }

    /** What a client needs besides the address to use {@link #saslBootstrap()}. */
    static Map<String, String> saslClientSettings() {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", PLAIN_LOGIN + " required username=\"" + SASL_USER + "\" password=\""
                        + SASL_PASSWORD + "\";");
    }

    Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    }

    private List<String> java(List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(home.resolve("libs").toAbsolutePath() + "/*");
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
