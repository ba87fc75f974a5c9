package io.offlinesync.e2e;

import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The broker and the registry of a {@link Platform} in containers on a Docker engine, the images
 * docker-compose.yml runs: a one-node Kafka KRaft broker, published on a free host port it also advertises
 * (so clients on the host reach it under the address it names), and Apicurio Registry with in-memory storage.
 */
final class PlatformContainers implements Platform.Registry {

    static final DockerImageName KAFKA = DockerImageName.parse(System.getenv().getOrDefault("KAFKA_IMAGE",
            "apache/kafka:4.1.2"));
    static final DockerImageName REGISTRY = DockerImageName.parse(System.getenv().getOrDefault("REGISTRY_IMAGE",
            "apicurio/apicurio-registry:3.3.3"));

    private final Network network;
    private final GenericContainer<?> kafka;
    private final GenericContainer<?> registry;
    private final int kafkaPort;

    private PlatformContainers(Network network, GenericContainer<?> kafka, GenericContainer<?> registry, int kafkaPort) {
        this.network = network;
        this.kafka = kafka;
        this.registry = registry;
        this.kafkaPort = kafkaPort;
    }

    /** Both started and ready; {@code partitions} is the broker's default for a topic. */
    static PlatformContainers start(int partitions) throws java.io.IOException {
        int kafkaPort = RegistryProcess.freePort();
        Network network = Network.newNetwork();
        GenericContainer<?> kafka = new GenericContainer<>(KAFKA)
                .withNetwork(network)
                .withNetworkAliases("kafka")
                .withEnv("KAFKA_NODE_ID", "1")
                .withEnv("KAFKA_PROCESS_ROLES", "broker,controller")
                .withEnv("KAFKA_LISTENERS", "INTERNAL://:19092,HOST://:9092,CONTROLLER://:9093")
                .withEnv("KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka:19092,HOST://127.0.0.1:" + kafkaPort)
                .withEnv("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "INTERNAL:PLAINTEXT,HOST:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .withEnv("KAFKA_INTER_BROKER_LISTENER_NAME", "INTERNAL")
                .withEnv("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
                .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093")
                .withEnv("KAFKA_NUM_PARTITIONS", Integer.toString(partitions))
                .withEnv("KAFKA_MESSAGE_MAX_BYTES", "2097152")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withExposedPorts(9092)
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1))
                .withStartupTimeout(Duration.ofMinutes(2));
        // the host port the broker advertises, so it must be that one (not a random mapping)
        kafka.setPortBindings(List.of(kafkaPort + ":9092"));
        GenericContainer<?> registry = new GenericContainer<>(REGISTRY)
                .withNetwork(network)
                .withEnv("QUARKUS_HTTP_PORT", "8080")
                .withEnv("QUARKUS_MANAGEMENT_PORT", "9000")
                .withExposedPorts(8080, 9000)
                .waitingFor(Wait.forHttp("/health/ready").forPort(9000).forStatusCode(200))
                .withStartupTimeout(Duration.ofMinutes(2));
        PlatformContainers containers = new PlatformContainers(network, kafka, registry, kafkaPort);
        try {
            kafka.start();
            registry.start();
        } catch (RuntimeException e) {
            containers.close();
            throw e;
        }
        return containers;
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    @Override
    public String url() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8080);
    }

    @Override
    public void close() {
        registry.stop();
        kafka.stop();
        network.close();
    }
}
