package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A device's events flow end to end: HTTP push -> todo.inbox -> sequencer -> todo.events -> projection
 * -> todo.lists.v1 -> query-api, on a real KRaft broker, the real registry and all three services.
 */
@PlatformTest
class WalkingSkeletonIT {

    private static final JsonMapper MONITORING_JSON = JsonMapper.builder().build();
    private static final HttpClient MONITORING_HTTP = HttpClient.newHttpClient();
    /** A line of {@code /actuator/prometheus} with one of the platform's own series. */
    private static final Pattern SAMPLE = Pattern.compile("^(sync_[^ ]+) (\\S+)$");
    private static Platform platform;

    private Device device(String clientId) {
        return platform.device(clientId);
    }

    @Test
    void twoDevicesSyncOneListAndConverge() throws Exception {
        String listId = "groceries-" + System.nanoTime();
        Device ann = device("ann-phone");
        Device bob = device("bob-laptop");

        Device.Response created = ann.push(listId, ann.batch(
                ann.event("ListCreated", "\"title\":\"Groceries\",\"policy\":\"lww\""),
                ann.event("ItemAdded", "\"itemId\":\"milk\",\"title\":\"Buy milk\",\"count\":1,\"vclock\":{\"ann-phone\":1}"),
                ann.event("ItemAdded", "\"itemId\":\"eggs\",\"title\":\"Eggs\",\"count\":1,\"vclock\":{\"ann-phone\":2}"),
                ann.event("ItemAdded", "\"itemId\":\"bread\",\"title\":\"Bread\",\"count\":1,\"vclock\":{\"ann-phone\":3}")));
        assertThat(created.status()).isEqualTo(202);
        assertThat(created.body().get("accepted").asInt()).isEqualTo(4);
        assertThat(created.body().get("receipts")).hasSize(4);

        // Bob catches up in pages of two once the log has all four entries.
        await().atMost(Duration.ofSeconds(30)).until(() -> headOf(bob, listId) == 4);
        List<JsonNode> bobLog = bob.pullAll(listId, 0, 2);
        assertThat(bobLog).extracting(e -> e.get("listVersion").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(bobLog.get(0).get("type").asString()).isEqualTo("ListCreated");

        // Bob long-polls beyond the head; Ann's next push wakes him.
        CompletableFuture<Device.Response> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return bob.pull(listId, 4, 100, 20_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Device.Response annRename = ann.push(listId, ann.batch(
                ann.event("ItemRenamed", "\"itemId\":\"milk\",\"title\":\"Buy oat milk\",\"count\":2,\"vclock\":{\"ann-phone\":4}")));
        assertThat(annRename.status()).isEqualTo(202);
        Device.Response woken = poll.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(woken.status()).isEqualTo(200);
        assertThat(woken.body().get("events")).hasSizeGreaterThanOrEqualTo(1);
        assertThat(woken.body().get("events").get(0).get("type").asString()).isEqualTo("ItemRenamed");

        // Bob was offline for a while: his batch is sent, and sent again by a retry after a lost answer.
        String offline = bob.batch(
                bob.event("ItemCompleted", "\"itemId\":\"eggs\",\"count\":2,\"vclock\":{\"ann-phone\":2,\"bob-laptop\":1}"),
                bob.event("ItemDeleted", "\"itemId\":\"bread\",\"count\":2,\"vclock\":{\"ann-phone\":3,\"bob-laptop\":2}"));
        assertThat(bob.push(listId, offline).status()).isEqualTo(202);
        assertThat(bob.push(listId, offline).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> headOf(ann, listId) == 7);
        List<JsonNode> log = ann.pullAll(listId, 0, 3);
        assertThat(log).extracting(e -> e.get("listVersion").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        Set<String> identities = new HashSet<>();
        for (JsonNode e : log) {
            assertThat(identities.add(e.get("clientId").asString() + "/" + e.get("clientSeq").asLong())).isTrue();
            assertThat(e.get("type").asString()).isNotEqualTo("Rejected");
        }
        Device.Response page = ann.pull(listId, 0, 500, 0);
        assertThat(page.body().get("clientSeqs").get("ann-phone").asLong()).isEqualTo(5);
        assertThat(page.body().get("clientSeqs").get("bob-laptop").asLong()).isEqualTo(2);

        // The projection converges on the same log.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Device.Response s = ann.state(listId);
            return s.status() == 200 && s.body().get("listVersion").asLong() == 7;
        });
        JsonNode state = bob.state(listId).body();
        assertThat(state.get("title").asString()).isEqualTo("Groceries");
        assertThat(state.get("policy").asString()).isEqualTo("lww");
        assertThat(state.get("projection").asString()).isEqualTo("v1");
        assertThat(state.get("source").get("topic").asString()).isEqualTo(Topics.EVENTS);
        assertThat(state.get("items").values()).extracting(i -> i.get("itemId").asString())
                .containsExactly("milk", "eggs");
        assertThat(state.get("items").get(0).get("title").asString()).isEqualTo("Buy oat milk");
        assertThat(state.get("items").get(1).get("completed").asBoolean()).isTrue();
        assertThat(state.get("clientSeqs").get("bob-laptop").asLong()).isEqualTo(2);
    }

    @Test
    void topicsCarryTheConfluentWireFormatWithRegisteredSubjects() throws Exception {
        Device ann = device("ann-wire");
        String listId = "wire-" + System.nanoTime();
        assertThat(ann.push(listId, ann.batch(ann.event("ListCreated", "\"title\":\"W\",\"policy\":\"lww\""))).status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> headOf(ann, listId) == 1);

        for (String topic : List.of(Topics.INBOX, Topics.EVENTS, Topics.LISTS_V1)) {
            JsonNode latest = registry("/apis/ccompat/v7/subjects/" + topic + "-value/versions/latest");
            int schemaId = latest.get("id").asInt();
            JsonNode config = registry("/apis/ccompat/v7/config/" + topic + "-value");
            assertThat(config.get("compatibilityLevel").asString()).as(topic).isEqualTo("BACKWARD_TRANSITIVE");
            ConsumerRecord<String, byte[]> record = firstRecordWithKey(topic, listId);
            ByteBuffer value = ByteBuffer.wrap(record.value());
            assertThat(value.get()).as("magic byte of " + topic).isZero();
            assertThat(value.getInt()).as("schema id of " + topic).isEqualTo(schemaId);
            assertThat(record.headers().toArray()).as("no registry headers on " + topic).isEmpty();
        }
    }

    @Test
    void theQueryApiComesBackAfterARestartWithStateAndCatchUp() throws Exception {
        Device ann = device("ann-restart");
        String listId = "restart-" + System.nanoTime();
        assertThat(ann.push(listId, ann.batch(
                ann.event("ListCreated", "\"title\":\"Before\",\"policy\":\"lww\""),
                ann.event("ItemAdded", "\"itemId\":\"a\",\"title\":\"A\",\"count\":1,\"vclock\":{\"ann-restart\":1}"))).status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Device.Response s = ann.state(listId);
            return s.status() == 200 && s.body().get("listVersion").asLong() == 2;
        });

        platform.stopQuery();
        // Written while the query-api is down (a push needs only the gateway): picked up on its return.
        assertThat(ann.push(listId, ann.batch(
                ann.event("ItemAdded", "\"itemId\":\"b\",\"title\":\"B\",\"count\":1,\"vclock\":{\"ann-restart\":2}"))).status())
                .isEqualTo(202);
        platform.startQueryAgain();

        Device reader = device("reader");
        // State (from todo.lists.v1) and catch-up (from todo.events) are fed by different topics and
        // catch up independently after the restart.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            Device.Response s = reader.state(listId);
            return s.status() == 200 && s.body().get("listVersion").asLong() == 3 && headOf(reader, listId) == 3;
        });
        List<JsonNode> log = reader.pullAll(listId, 0, 500);
        assertThat(log).extracting(e -> e.get("listVersion").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(reader.state(listId).body().get("items").values()).extracting(i -> i.get("itemId").asString())
                .containsExactly("a", "b");
    }

    private static long headOf(Device device, String listId) throws Exception {
        Device.Response page = device.pull(listId, 0, 1, 0);
        return page.status() == 200 ? page.body().get("head").asLong() : 0;
    }

    private static JsonNode registry(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(platform.registry.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return Device.JSON.readTree(response.body());
    }

    private static ConsumerRecord<String, byte[]> firstRecordWithKey(String topic, String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(
                    new org.apache.kafka.common.TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    /**
     * What an operator sees: every service ready and live, info with the version and the active projection,
     * and the lag gauges of every partition at 0 once a backlog of pushes has been folded.
     */
    @Test
    void probesInfoAndLagGaugesOfTheRunningPlatform() throws Exception {
        for (String service : List.of(platform.gatewayUrl(), platform.projectorUrl(), platform.queryUrl())) {
            await(service + " ready").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(httpGet(service + "/actuator/health/readiness").statusCode()).isEqualTo(200));
            HttpResponse<String> liveness = httpGet(service + "/actuator/health/liveness");
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
        }
        JsonNode ready = MONITORING_JSON.readTree(httpGet(platform.queryUrl() + "/actuator/health/readiness").body());
        assertThat(ready.path("components").path("kafka").path("details").path("brokers").asInt()).isEqualTo(1);
        assertThat(ready.path("components").path("streamsReadiness").path("details").path("query-api").asString())
                .isEqualTo("RUNNING");
        JsonNode info = MONITORING_JSON.readTree(httpGet(platform.queryUrl() + "/actuator/info").body());
        assertThat(info.path("query").path("activeProjection").asString()).isEqualTo("v1");
        assertThat(info.path("build").path("version").asString()).isNotBlank();

        for (int list = 0; list < 12; list++) {
            Device ann = platform.device("ann-phone"); // clientSeq 1 per list
            Device.Response pushed = ann.push("mon-" + list, ann.batch(
                    ann.event("ListCreated", "\"title\":\"Monitored\",\"policy\":\"lww\"")));
            assertThat(pushed.status()).isEqualTo(202);
        }

        // every list's entry is folded, then the gauges of every partition read 0
        await("lag 0").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Double> projector = scrape(platform.projectorUrl());
            Map<String, Double> query = scrape(platform.queryUrl());
            for (int p = 0; p < Platform.PARTITIONS; p++) {
                assertThat(projector).containsEntry("sync_sequencer_lag{partition=\"" + p + "\"}", 0.0)
                        .containsEntry("sync_projection_lag{partition=\"" + p + "\",projection=\"v1\"}", 0.0)
                        .containsEntry("sync_projection_lag{partition=\"" + p + "\",projection=\"v2\"}", 0.0);
                assertThat(query).containsEntry("sync_query_index_lag{partition=\"" + p + "\"}", 0.0);
            }
            assertThat(projector.get("sync_sequencer_events_total{outcome=\"accepted\",reason=\"none\"}"))
                    .isGreaterThanOrEqualTo(12.0);
        });
        Map<String, Double> gateway = scrape(platform.gatewayUrl());
        assertThat(gateway.get("sync_ingest_batch_events_bucket{le=\"1.0\"}")).isGreaterThanOrEqualTo(12.0);
        assertThat(gateway).containsEntry("sync_ingest_sender_stalls_total", 0.0);
    }

    /** A GET as an operator: every actuator endpoint but the probes needs the scope sync:admin. */
    private static HttpResponse<String> httpGet(String url) throws Exception {
        return MONITORING_HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + platform.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The platform's own series of {@code /actuator/prometheus}: name{labels} -> value. */
    private static Map<String, Double> scrape(String service) throws Exception {
        Map<String, Double> values = new HashMap<>();
        httpGet(service + "/actuator/prometheus").body().lines().forEach(line -> {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches()) {
                values.put(sample.group(1), Double.parseDouble(sample.group(2)));
            }
        });
        return values;
    }
}
