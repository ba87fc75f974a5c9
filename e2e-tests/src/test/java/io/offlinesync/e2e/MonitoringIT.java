package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator sees on a running platform: every service ready and live, info with the version and
 * the active projection, and the lag gauges going to 0 once a backlog of pushes has been folded.
 */
class MonitoringIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Platform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.start(new Platform.Setup(false, false, 0, List.of("--LAG_INTERVAL=500ms")));
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void probesInfoAndLagGaugesOfTheRunningPlatform() throws Exception {
        for (String service : List.of(platform.gatewayUrl(), platform.projectorUrl(), platform.queryUrl())) {
            await(service + " ready").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get(service + "/actuator/health/readiness").statusCode()).isEqualTo(200));
            HttpResponse<String> liveness = get(service + "/actuator/health/liveness");
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
        }
        JsonNode ready = JSON.readTree(get(platform.queryUrl() + "/actuator/health/readiness").body());
        assertThat(ready.path("components").path("kafka").path("details").path("brokers").asInt()).isEqualTo(1);
        assertThat(ready.path("components").path("streamsReadiness").path("details").path("query-api").asString())
                .isEqualTo("RUNNING");
        JsonNode info = JSON.readTree(get(platform.queryUrl() + "/actuator/info").body());
        assertThat(info.path("query").path("activeProjection").asString()).isEqualTo("v1");
        assertThat(info.path("build").path("version").asString()).isNotBlank();

        for (int list = 0; list < 12; list++) {
            Device ann = new Device("ann-phone", platform.gatewayUrl(), platform.queryUrl()); // clientSeq 1 per list
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

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final Pattern SAMPLE = Pattern.compile("^(sync_[^ ]+) (\\S+)$");

    /** The platform's own series of {@code /actuator/prometheus}: name{labels} -> value. */
    private static Map<String, Double> scrape(String service) throws Exception {
        Map<String, Double> values = new HashMap<>();
        get(service + "/actuator/prometheus").body().lines().forEach(line -> {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches()) {
                values.put(sample.group(1), Double.parseDouble(sample.group(2)));
            }
        });
        return values;
    }
}
