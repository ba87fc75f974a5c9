package io.offlinesync.query;

import io.offlinesync.access.membership.MembershipView;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.issuer.testing.IssuerProcess;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListHead;
import io.offlinesync.testing.StubRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The query-api as it is run ({@code QueryApplication.app()}, Tomcat, security with the JVM's shared
 * {@link IssuerProcess}) without a broker: its catch-up reads and their head watch over a real event index on a
 * TopologyTestDriver that the test writes to, its members from the test's {@link MembershipView}, a stand-in
 * registry. For tests of what the web layer does with waits (long-polls, live streams).
 */
public final class QueryApiOverTestIndex implements AutoCloseable {

    private final Path dir;
    private final StubRegistry registry;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events;
    private final ConfigurableApplicationContext app;
    private final int port;

    /** @param args the application's arguments besides those of this fixture (limits, timeouts) */
    public QueryApiOverTestIndex(MembershipView members, String... args) throws IOException {
        dir = Files.createTempDirectory("query-api-test-index");
        registry = StubRegistry.started();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, QueryTopology.APPLICATION_ID);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("index").toString());
        HeadWatch headWatch = new HeadWatch();
        driver = new TopologyTestDriver(QueryTopology.build(ValueSerdes.plain(), headWatch, List.of("v1")), props);
        events = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class).serializer());
        CatchUpQuery index = new CatchUpQuery(() -> driver.getKeyValueStore(QueryTopology.INDEX_STORE),
                () -> driver.getKeyValueStore(QueryTopology.HEADS_STORE), headWatch, 1 << 20);
        List<String> all = new ArrayList<>(List.of("--server.port=0",
                "--OIDC_ISSUER_URI=" + IssuerProcess.shared().issuerUri(),
                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                "--TOPIC_CREATION_TIMEOUT=500ms",
                "--REGISTRY_URL=" + registry.url(),
                "--STATE_DIR=" + dir.resolve("state")));
        all.addAll(List.of(args));
        app = QueryApplication.app()
                // the test's index, its head watch and its members instead of the (brokerless) application's
                .initializers(context -> context.addBeanFactoryPostProcessor(factory -> {
                    BeanDefinitionRegistry beans = (BeanDefinitionRegistry) factory;
                    replace(beans, "catchUpQuery", CatchUpQuery.class, index);
                    replace(beans, "headWatch", HeadWatch.class, headWatch);
                    replace(beans, "membershipView", MembershipView.class, members);
                }))
                .run(all.toArray(String[]::new));
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private static <T> void replace(BeanDefinitionRegistry beans, String name, Class<T> type, T instance) {
        beans.removeBeanDefinition(name);
        beans.registerBeanDefinition(name, new RootBeanDefinition(type, () -> instance));
    }

    /** Indexes {@code entry} of {@code listId}, as the indexer does with a todo.events record. */
    public synchronized void append(String listId, LogEntry entry) {
        events.pipeInput(listId, EventCodec.toAvro(listId, entry));
    }

    public KeyValueStore<Bytes, byte[]> indexStore() {
        return driver.getKeyValueStore(QueryTopology.INDEX_STORE);
    }

    public KeyValueStore<String, ListHead> headsStore() {
        return driver.getKeyValueStore(QueryTopology.HEADS_STORE);
    }

    public ConfigurableApplicationContext app() {
        return app;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        app.close();
        registry.close();
        driver.close();
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
