package io.offlinesync.e2e;

import static org.awaitility.Awaitility.await;

import io.offlinesync.gateway.IngestGatewayApplication;
import io.offlinesync.issuer.testing.IssuerProcess;
import io.offlinesync.projector.ProjectorApplication;
import io.offlinesync.query.QueryApplication;
import io.offlinesync.schemas.Topics;
import io.offlinesync.streams.StreamsApplications;
import io.offlinesync.testing.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The whole platform for end-to-end tests: a KRaft broker, the real registry process (one for every platform of
 * the JVM, {@link RegistryProcess#shared()}), and the three services. By default the broker runs in this JVM and so do the services, each reading its own config
 * file; a {@link Setup} can put the broker and the projector in child processes, so a test can stop,
 * kill and restart them.
 */
final class Platform implements AutoCloseable {

    static final int PARTITIONS = 6;

    /**
     * How to run the parts. {@code gatewayPort} 0 means a free port chosen at each start; a fixed port
     * survives {@link #restartGateway()}. {@code extraArgs} go to every service.
     */
    record Setup(boolean brokerProcess, boolean projectorProcess, int gatewayPort, List<String> extraArgs,
                 int instances, boolean containers, boolean sasl) {

        Setup(boolean brokerProcess, boolean projectorProcess, int gatewayPort, List<String> extraArgs) {
            this(brokerProcess, projectorProcess, gatewayPort, extraArgs, 0);
        }

        Setup(boolean brokerProcess, boolean projectorProcess, int gatewayPort, List<String> extraArgs, int instances) {
            this(brokerProcess, projectorProcess, gatewayPort, extraArgs, instances, false);
        }

        Setup(boolean brokerProcess, boolean projectorProcess, int gatewayPort, List<String> extraArgs, int instances,
              boolean containers) {
            this(brokerProcess, projectorProcess, gatewayPort, extraArgs, instances, containers, false);
        }

        /**
         * The broker in a child process with a SASL listener too, and the services' Kafka clients on it with only
         * {@code spring.kafka.properties.*} set ({@link #clientBootstrap}, {@link #kafkaProperties}).
         */
        static Setup withSasl() {
            return new Setup(true, false, 0, List.of(), 0, false, true);
        }

        static Setup inJvm() {
            return new Setup(false, false, 0, List.of());
        }

        /**
         * The broker in a child process, the gateway in this JVM, and {@code instances} projector-streams and
         * {@code instances} query-api instances, each in a child process on a port of its own (kept across a
         * restart) with a state directory of its own; the query-apis advertise their URLs to each other.
         */
        static Setup scaledOut(int instances, List<String> extraArgs) {
            return new Setup(true, true, 0, extraArgs, instances);
        }
    }

    /** One instance of a scaled-out service: its fixed port, its arguments, its current process. */
    static final class Instance {
        final String name;
        final Class<?> mainClass;
        final int port;
        final List<String> args;
        volatile ServiceProcess process;
        private int starts;

        Instance(String name, Class<?> mainClass, int port, List<String> args) {
            this.name = name;
            this.mainClass = mainClass;
            this.port = port;
            this.args = List.copyOf(args);
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        /** Starts it (again) on its port and waits until its health answers 200. */
        void start(Path work) throws java.io.IOException {
            process = ServiceProcess.start(mainClass, args, work.resolve(name + "-" + (++starts) + ".log"), port);
        }

        /** SIGKILL: no shutdown hook, no leaving the group, state directory as it was. */
        void kill() throws InterruptedException {
            process.kill();
        }

        void close() throws InterruptedException {
            if (process != null) {
                process.close();
            }
        }
    }

    /** The schema registry the services use: a {@link RegistryProcess} or, in containers, Apicurio's image. */
    interface Registry extends AutoCloseable {
        String url();
    }

    /** The user every device of a test belongs to unless the test names another: the owner of the test's lists. */
    static final String DEFAULT_USER = "tester";

    final Setup setup;
    final Path work;
    /** The platform's OpenID Connect issuer: the services accept its tokens. */
    final IssuerProcess issuer;
    private final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();
    final String bootstrap;
    /** Where the services' Kafka clients connect: {@link #bootstrap}, or the SASL listener with {@link Setup#withSasl()}. */
    final String clientBootstrap;
    /** The services' {@code spring.kafka.properties.*}: the SASL settings with {@link Setup#withSasl()}. */
    final Map<String, String> kafkaProperties;
    final Registry registry;
    private final EmbeddedKafkaKraftBroker embedded;
    final BrokerProcess brokerProcess;
    ConfigurableApplicationContext gateway;
    ConfigurableApplicationContext projector;
    ServiceProcess projectorProcess;
    ServiceProcess gatewayProcess;
    private int gatewayStarts;
    ConfigurableApplicationContext query;
    private int projectorStarts;
    /** With {@link Setup#instances()}: the projector-streams and query-api instances. */
    final List<Instance> projectors = new ArrayList<>();
    final List<Instance> queries = new ArrayList<>();

    private Platform(Setup setup, Path work, EmbeddedKafkaKraftBroker embedded, BrokerProcess brokerProcess,
                     Registry registry, IssuerProcess issuer) {
        this.issuer = issuer;
        this.setup = setup;
        this.work = work;
        this.embedded = embedded;
        this.brokerProcess = brokerProcess;
        this.bootstrap = embedded != null ? embedded.getBrokersAsString()
                : brokerProcess != null ? brokerProcess.bootstrap() : ((PlatformContainers) registry).bootstrap();
        this.clientBootstrap = setup.sasl() ? brokerProcess.saslBootstrap() : bootstrap;
        this.kafkaProperties = setup.sasl() ? BrokerProcess.saslClientSettings() : Map.of();
        this.registry = registry;
    }

    static Platform start() throws Exception {
        return start(Setup.inJvm());
    }

    static Platform start(Setup setup) throws Exception {
        return start(setup, IssuerProcess.shared());
    }

    /** With an issuer of the test's own (which the test stops); the services accept its tokens. */
    static Platform start(Setup setup, IssuerProcess issuer) throws Exception {
        Path root = Files.createDirectories(Path.of(System.getProperty("e2e.work", "target/e2e")).toAbsolutePath());
        Path work = Files.createTempDirectory(root, "run-");
        EmbeddedKafkaKraftBroker embedded = null;
        BrokerProcess process = null;
        Registry registry = null;
        try {
            if (setup.containers()) {
                registry = PlatformContainers.start(PARTITIONS); // the broker too
            } else if (setup.brokerProcess()) {
                process = BrokerProcess.start(work.resolve("broker"), PARTITIONS, setup.sasl());
            } else {
                embedded = EmbeddedBroker.start(PARTITIONS, Map.of("message.max.bytes", "2097152"), List.of());
            }
            if (registry == null) {
                registry = RegistryProcess.shared();
            }
        } catch (Exception e) {
            if (embedded != null) {
                embedded.destroy();
            }
            if (process != null) {
                process.close();
            }
            throw e;
        }
        Platform platform = new Platform(setup, work, embedded, process, registry, issuer);
        try {
            platform.createTopics();
            platform.startGateway();
            if (setup.instances() > 0) {
                platform.startInstances();
            } else {
                platform.startProjector();
                platform.startQuery();
            }
        } catch (Exception e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private void createTopics() throws Exception {
        Map<String, String> big = Map.of("max.message.bytes", "2097152");
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(
                    new NewTopic(Topics.INBOX, PARTITIONS, (short) 1).configs(big),
                    new NewTopic(Topics.EVENTS, PARTITIONS, (short) 1).configs(Map.of(
                            "max.message.bytes", "2097152", "retention.ms", "-1", "retention.bytes", "-1")),
                    new NewTopic(Topics.LISTS_V1, PARTITIONS, (short) 1).configs(Map.of(
                            "max.message.bytes", "2097152", "cleanup.policy", "compact")),
                    new NewTopic(Topics.LISTS_V2, PARTITIONS, (short) 1).configs(Map.of(
                            "max.message.bytes", "2097152", "cleanup.policy", "compact")),
                    // one partition: the active-projection record is a single key read as a global table
                    new NewTopic(Topics.PROJECTIONS, 1, (short) 1).configs(Map.of(
                            "cleanup.policy", "compact")),
                    // who may use each list, written by the sequencer with the entries that change it
                    new NewTopic(Topics.MEMBERS, PARTITIONS, (short) 1).configs(Map.of(
                            "max.message.bytes", "2097152", "cleanup.policy", "compact")),
                    // what the Streams applications could not handle (streams-runtime's DeadLetters): kept 30 days
                    new NewTopic("todo.deadletters", 1, (short) 1).configs(Map.of(
                            "retention.ms", "2592000000", "max.message.bytes", "4194304")))).all().get();
        }
    }

    /**
     * With a fixed port the gateway runs in a child process, so a restart is a new JVM as in production
     * (a second gateway context in this JVM would share the registry client's process-wide state).
     */
    void startGateway() throws java.io.IOException {
        if (setup.gatewayPort() != 0) {
            gatewayProcess = ServiceProcess.start(IngestGatewayApplication.class, List.of(args("gateway")),
                    work.resolve("gateway-" + (++gatewayStarts) + ".log"), setup.gatewayPort());
            return;
        }
        List<String> args = new ArrayList<>(List.of(args("gateway")));
        args.add("--server.port=0");
        gateway = IngestGatewayApplication.app().run(args.toArray(String[]::new));
    }

    /** Stops the gateway gracefully (SIGTERM: requests in flight finish) and starts it again on its port. */
    void restartGateway() throws Exception {
        gatewayProcess.close();
        startGateway();
    }

    /**
     * SIGKILL of the gateway's process (with a fixed {@link Setup#gatewayPort()}): pushes in flight get no
     * answer, nothing is flushed; {@link #startGateway()} brings it back on its port.
     */
    void killGateway() throws InterruptedException {
        gatewayProcess.kill();
    }

    void startProjector() throws Exception {
        if (setup.projectorProcess()) {
            projectorProcess = ServiceProcess.start(ProjectorApplication.class, List.of(args("projector")),
                    work.resolve("projector-" + (++projectorStarts) + ".log"));
        } else {
            List<String> args = new ArrayList<>(List.of(args("projector")));
            args.add("--server.port=0");
            projector = ProjectorApplication.app().run(args.toArray(String[]::new));
            awaitRunning(projector);
        }
    }

    /** Starts every projector-streams and query-api instance of a scaled-out setup, side by side. */
    private void startInstances() throws Exception {
        for (int i = 1; i <= setup.instances(); i++) {
            List<String> projectorArgs = new ArrayList<>(List.of(args("projector-" + i)));
            projectorArgs.add("--sync.standby-replicas=1");
            projectors.add(new Instance("projector-" + i, ProjectorApplication.class, RegistryProcess.freePort(),
                    projectorArgs));
            int port = RegistryProcess.freePort();
            List<String> queryArgs = new ArrayList<>(List.of(args("query-" + i)));
            queryArgs.add("--sync.advertised-url=http://127.0.0.1:" + port);
            queries.add(new Instance("query-" + i, QueryApplication.class, port, queryArgs));
        }
        List<Instance> all = new ArrayList<>(projectors);
        all.addAll(queries);
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> started = new ArrayList<>();
            for (Instance instance : all) {
                started.add(pool.submit(() -> {
                    instance.start(work);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> future : started) {
                future.get();
            }
        }
    }

    /**
     * Stops the projector running in this JVM and starts it again with {@code extra} arguments after the usual ones,
     * as a deployment restarts with new settings.
     */
    void restartProjector(String... extra) {
        projector.close();
        List<String> args = new ArrayList<>(List.of(args("projector")));
        args.add("--server.port=0");
        args.addAll(List.of(extra));
        projector = ProjectorApplication.app().run(args.toArray(String[]::new));
        awaitRunning(projector);
    }

    /** SIGKILL of the projector's process: only with {@link Setup#projectorProcess()}. */
    void killProjector() throws InterruptedException {
        projectorProcess.kill();
    }

    void startQuery() {
        List<String> args = new ArrayList<>(List.of(args("query")));
        args.add("--server.port=0");
        query = QueryApplication.app().run(args.toArray(String[]::new));
        awaitRunning(query);
    }

    /**
     * Waits until every Kafka Streams application of the service is RUNNING: right after startup it
     * rebalances, and reads answer 503 until then, which a test should not mistake for its own subject.
     */
    private static void awaitRunning(ConfigurableApplicationContext context) {
        await("Kafka Streams RUNNING in " + context.getId()).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> context.getBeansOfType(StreamsApplications.class).values().stream()
                        .flatMap(applications -> applications.all().stream())
                        .allMatch(app -> app.state() == KafkaStreams.State.RUNNING));
    }

    void stopQuery() {
        query.close();
    }

    void startQueryAgain() {
        startQuery();
    }

    String[] args(String service) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + clientBootstrap,
                "--sync.registry.url=" + registry.url(),
                "--sync.state-dir=" + work.resolve("state-" + service),
                "--sync.access.issuer-uri=" + issuer.issuerUri(),
                "--spring.main.banner-mode=off"));
        kafkaProperties.forEach((key, value) -> args.add("--spring.kafka.properties[" + key + "]=" + value));
        if (service.startsWith("gateway") && setup.extraArgs().stream()
                .noneMatch(arg -> arg.startsWith("--sync.rate-limit.pushes-per-second="))) {
            // every device of a test is DEFAULT_USER's unless it says otherwise: the per-user limit would make
            // one user of what stands for many
            args.add("--sync.rate-limit.pushes-per-second=0");
        }
        for (String extra : setup.extraArgs()) {
            // "query:--x=y" is for the services whose name starts with "query" only; anything else is for all
            int colon = extra.indexOf(':');
            if (colon > 0 && !extra.startsWith("--")) {
                if (service.startsWith(extra.substring(0, colon))) {
                    args.add(extra.substring(colon + 1));
                }
            } else {
                args.add(extra);
            }
        }
        return args.toArray(String[]::new);
    }

    /**
     * The projection versions the projectors run, as the projector reads them: the last
     * {@code --sync.projections=} of the extra arguments, else the environment's {@code PROJECTIONS}, else
     * the projector's default (v1,v2).
     */
    List<String> projections() {
        String versions = System.getenv().getOrDefault("PROJECTIONS", "v1,v2");
        for (String arg : setup.extraArgs()) {
            if (arg.startsWith("--sync.projections=")) {
                versions = arg.substring("--sync.projections=".length());
            }
        }
        return java.util.Arrays.stream(versions.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** An access token of {@code user} (kept: tokens last two hours). */
    String token(String user) {
        return tokens.computeIfAbsent(user, issuer::token);
    }

    /** An access token of {@link #DEFAULT_USER}. */
    String token() {
        return token(DEFAULT_USER);
    }

    /** An operator's token (scope sync:admin). */
    String adminToken() {
        return tokens.computeIfAbsent("operator (admin)", ignored -> issuer.adminToken("operator"));
    }

    /** Writes {@code value} into todo.inbox as it is, past the gateway (a poison record), keyed by the list. */
    RecordMetadata writeToInbox(String listId, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            return producer.send(new ProducerRecord<>(Topics.INBOX, listId.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** A device of {@link #DEFAULT_USER} on this platform's gateway and query-api. */
    Device device(String clientId) {
        return device(clientId, DEFAULT_USER);
    }

    /** A device of {@code user}. */
    Device device(String clientId, String user) {
        return new Device(clientId, gatewayUrl(), queryUrl(), token(user));
    }

    /** With a fixed gateway port, the same URL also while the gateway restarts (requests then fail to connect). */
    String gatewayUrl() {
        return setup.gatewayPort() != 0 ? "http://127.0.0.1:" + setup.gatewayPort() : url(gateway);
    }

    String queryUrl() {
        return setup.instances() > 0 ? queries.getFirst().url() : url(query);
    }

    /** The in-JVM projector's management URL (not with {@link Setup#projectorProcess()}). */
    String projectorUrl() {
        return url(projector);
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() throws Exception {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {query, projector, gateway}) {
            if (context != null && context.isActive()) {
                context.close();
            }
        }
        for (Instance instance : queries) {
            instance.close();
        }
        for (Instance instance : projectors) {
            instance.close();
        }
        if (projectorProcess != null) {
            projectorProcess.close();
        }
        if (gatewayProcess != null) {
            gatewayProcess.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (embedded != null) {
            embedded.destroy();
        }
        if (brokerProcess != null) {
            brokerProcess.close();
        }
    }
}
