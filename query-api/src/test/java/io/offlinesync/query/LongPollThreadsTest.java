package io.offlinesync.query;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.EventIndexTopology;
import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.query.catchup.LongPollLimits;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A long-poll holds no platform thread: the application as it is run, on Tomcat with at most 4 request
 * threads, holds 64 long-polls at once, refuses one more (MAX_LONGPOLLS=64) with 429, still answers other
 * reads meanwhile, and answers all 64 when the list moves. Its catch-up query reads a real event index on a TopologyTestDriver (no broker here).
 */
class LongPollThreadsTest {

    private static final int MAX_THREADS = 4;
    private static final int LONG_POLLS = 64;

    @TempDir
    Path stateDir;
    @TempDir
    Path indexDir;

    private HttpServer registry;
    private TopologyTestDriver driver;
    private TestInputTopic<String, io.offlinesync.schemas.avro.LogEntry> events;

    @BeforeEach
    void start() throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/apis/ccompat/v7/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = (exchange.getRequestMethod().equals("POST") ? "{\"id\":42}"
                    : "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
        if (driver != null) {
            driver.close();
        }
    }

    private void append(LogEntry entry) {
        events.pipeInput("groceries", EventCodec.toAvro("groceries", entry));
    }

    @Test
    void moreLongPollsThanRequestThreadsAreHeldAtOnceAndAllAnswered() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, EventIndexTopology.APPLICATION_ID);
        props.put(StreamsConfig.STATE_DIR_CONFIG, indexDir.toString());
        HeadWatch headWatch = new HeadWatch();
        driver = new TopologyTestDriver(EventIndexTopology.build(ValueSerdes.plain(), headWatch, List.of("v1")), props);
        events = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class).serializer());
        append(accepted(1, "ann", 1, 1000, created("Groceries")));
        CatchUpQuery index = new CatchUpQuery(() -> driver.getKeyValueStore(EventIndexTopology.INDEX_STORE),
                () -> driver.getKeyValueStore(EventIndexTopology.HEADS_STORE), headWatch);

        try (ConfigurableApplicationContext app = QueryApplication.app()
                // the catch-up query over the test's index instead of the (brokerless) Streams application's
                .initializers(context -> context.addBeanFactoryPostProcessor(factory -> {
                    BeanDefinitionRegistry beans = (BeanDefinitionRegistry) factory;
                    beans.removeBeanDefinition("catchUpQuery");
                    beans.registerBeanDefinition("catchUpQuery", new RootBeanDefinition(CatchUpQuery.class, () -> index));
                }))
                .run("--server.port=0",
                        "--server.tomcat.threads.max=" + MAX_THREADS,
                        "--server.tomcat.threads.min-spare=1",
                        "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                        "--REGISTRY_URL=http://127.0.0.1:" + registry.getAddress().getPort(),
                        "--STATE_DIR=" + stateDir,
                        "--MAX_LONGPOLLS=" + LONG_POLLS)) { // the environment's name, as query-api.yml maps it
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            LongPollLimits limits = app.getBean(LongPollLimits.class);
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
            for (int i = 0; i < LONG_POLLS; i++) { // one device each: the per-caller cap (8) is not what is tried
                polls.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/v1/lists/groceries/events?after=1&waitMs=30000&clientId=device-" + i)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> limits.held() == LONG_POLLS);
            assertThat(meters.get("sync.catchup.longpolls.open").gauge().value()).isEqualTo(LONG_POLLS);
            assertThat(polls).noneMatch(CompletableFuture::isDone);

            // the instance is full: one more long-poll is refused at once, over real HTTP
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/lists/groceries/events?after=1&waitMs=30000&clientId=one-more")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("\"limit\":\"instance\"", "\"bound\":" + LONG_POLLS);
            ReadLimits bounds = app.getBean(QueryProperties.class).reads();
            assertThat(bounds).isEqualTo(new ReadLimits(1 << 20, 20_000, 2, 8, LONG_POLLS));

            // with every long-poll waiting, a read that does not wait is still answered
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/lists/groceries/events?after=0")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).contains("\"head\":1");

            append(accepted(2, "ann", 2, 1001, added("milk", "Milk")));
            for (CompletableFuture<HttpResponse<String>> poll : polls) {
                HttpResponse<String> answer = poll.get(20, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(answer.body()).contains("\"itemId\":\"milk\"", "\"next\":2");
            }
            assertThat(limits.held()).isZero();
        }
    }
}
