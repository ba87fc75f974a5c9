package io.offlinesync.e2e;

import io.offlinesync.gateway.IngestGatewayApplication;
import io.offlinesync.projector.ProjectorApplication;
import io.offlinesync.query.QueryApplication;
import io.offlinesync.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The whole platform for end-to-end tests: an in-JVM KRaft broker, the real registry process, and the
 * three services as Spring applications in this JVM, each reading its own config file.
 */
final class Platform implements AutoCloseable {

    static final int PARTITIONS = 6;

    final EmbeddedKafkaKraftBroker broker;
    final RegistryProcess registry;
    final Path work;
    ConfigurableApplicationContext gateway;
    ConfigurableApplicationContext projector;
    ConfigurableApplicationContext query;

    private Platform(EmbeddedKafkaKraftBroker broker, RegistryProcess registry, Path work) {
        this.broker = broker;
        this.registry = registry;
        this.work = work;
    }

    static Platform start() throws Exception {
        Path root = Files.createDirectories(Path.of(System.getProperty("e2e.work", "target/e2e")).toAbsolutePath());
        Path work = Files.createTempDirectory(root, "run-");
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0",
                "message.max.bytes", "2097152"));
        broker.afterPropertiesSet();
        Map<String, String> big = Map.of("max.message.bytes", "2097152");
        broker.addTopics(
                new NewTopic(Topics.INBOX, PARTITIONS, (short) 1).configs(big),
                new NewTopic(Topics.EVENTS, PARTITIONS, (short) 1).configs(Map.of(
                        "max.message.bytes", "2097152", "retention.ms", "-1", "retention.bytes", "-1")),
                new NewTopic(Topics.LISTS_V1, PARTITIONS, (short) 1).configs(Map.of(
                        "max.message.bytes", "2097152", "cleanup.policy", "compact")));
        RegistryProcess registry;
        try {
            registry = RegistryProcess.start(work.resolve("registry"));
        } catch (Exception e) {
            broker.destroy();
            throw e;
        }
        Platform platform = new Platform(broker, registry, work);
        try {
            platform.gateway = IngestGatewayApplication.app().run(platform.args("gateway"));
            platform.projector = ProjectorApplication.app().run(platform.args("projector"));
            platform.query = startQuery(platform);
        } catch (Exception e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private static ConfigurableApplicationContext startQuery(Platform platform) {
        return QueryApplication.app().run(platform.args("query"));
    }

    void stopQuery() {
        query.close();
    }

    void startQueryAgain() {
        query = startQuery(this);
    }

    String[] args(String service) {
        return List.of(
                "--server.port=0",
                "--sync.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--sync.registry.url=" + registry.url(),
                "--sync.state-dir=" + work.resolve("state-" + service),
                "--spring.main.banner-mode=off").toArray(String[]::new);
    }

    String gatewayUrl() {
        return url(gateway);
    }

    String queryUrl() {
        return url(query);
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
        registry.close();
        broker.destroy();
    }
}
