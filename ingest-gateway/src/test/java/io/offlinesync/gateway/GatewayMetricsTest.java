package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.gateway.inbox.InboxOverloadedException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's counters move with the answers it gives, and {@code /actuator/prometheus} shows them.
 * The application context is shared with the other web tests, so every check is on the difference.
 */
class GatewayMetricsTest extends WebTestBase {

    static final String REQUESTS = "sync_ingest_requests_total";
    static final String INVALID = "sync_ingest_invalid_total";
    /** Pushes the accepted batch below: a user id is the issuer's data, it must not become a tag value either. */
    static final String PUSHER = "meter-reader-7";

    @Test
    void prometheusShowsAcceptedEventsAndInvalidRequestsByReason() throws Exception {
        Map<String, Double> before = scrape();

        HttpResponse<String> accepted = pushAs(PUSHER, PushTest.LIST, PushTest.batch(PushTest.CLIENT,
                List.of(PushTest.listCreated(1), PushTest.itemAdded(2, "Milk"), PushTest.itemAdded(3, "Eggs"))));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String badSeq = PushTest.listCreated(1).replace("\"clientSeq\":1", "\"clientSeq\":0");
        assertThat(postJson(PushTest.LIST, PushTest.batch(PushTest.CLIENT, List.of(badSeq))).statusCode())
                .isEqualTo(400);
        // a vclock key and an unknown field are the device's data: they must not become tag values
        String badClock = PushTest.itemAdded(1, "Milk").replace("{\"ann-phone\":1}", "{\"ann-phone\":0}");
        assertThat(postJson(PushTest.LIST, PushTest.batch(PushTest.CLIENT, List.of(badClock))).statusCode())
                .isEqualTo(400);
        String extraField = PushTest.listCreated(1).replace("\"policy\":\"lww\"", "\"policy\":\"lww\",\"secret-x\":1");
        assertThat(postJson(PushTest.LIST, PushTest.batch(PushTest.CLIENT, List.of(extraField))).statusCode())
                .isEqualTo(400);
        assertThat(post("/v1/lists/g/events", "application/json", "not json".getBytes()).statusCode()).isEqualTo(400);
        assertThat(post("/v1/lists/g/events", "text/plain", "{}".getBytes()).statusCode()).isEqualTo(415);

        String text = scrapeText();
        Map<String, Double> after = parse(text);
        assertThat(delta(before, after, REQUESTS + "{outcome=\"accepted\"}")).isEqualTo(1);
        assertThat(delta(before, after, "sync_ingest_events_total{outcome=\"accepted\"}")).isEqualTo(3);
        assertThat(delta(before, after, "sync_ingest_batch_events_count")).isEqualTo(1);
        assertThat(delta(before, after, "sync_ingest_batch_events_sum")).isEqualTo(3);
        assertThat(delta(before, after, "sync_ingest_ack_seconds_count{outcome=\"acked\"}")).isEqualTo(1);
        assertThat(delta(before, after, REQUESTS + "{outcome=\"invalid\"}")).isEqualTo(4);
        assertThat(delta(before, after, REQUESTS + "{outcome=\"unsupported-media-type\"}")).isEqualTo(1);
        assertThat(delta(before, after, INVALID + "{reason=\"clientSeq\"}")).isEqualTo(1);
        assertThat(delta(before, after, INVALID + "{reason=\"vclock\"}")).isEqualTo(1);
        assertThat(delta(before, after, INVALID + "{reason=\"unknown-field\"}")).isEqualTo(1);
        assertThat(delta(before, after, INVALID + "{reason=\"malformed-body\"}")).isEqualTo(1);
        assertThat(text.lines().filter(line -> line.startsWith("sync_")))
                .noneMatch(line -> line.contains("ann-phone") || line.contains("secret-x") || line.contains(PUSHER));
    }

    @Test
    void aShedBatchIs503WithRetryAfterSayingTheGatewayShedsLoadAndIsCountedUnavailable() throws Exception {
        Map<String, Double> before = scrape();
        FAKE.failWith(new InboxOverloadedException("67108864 bytes of batches are awaiting todo.inbox", null));

        HttpResponse<String> response = postJson(PushTest.LIST, PushTest.batch(PushTest.CLIENT,
                List.of(PushTest.listCreated(1))));

        PushTest.assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(json(response).path("type").asString()).isEqualTo("urn:offlinesync:problem:inbox-unavailable");
        assertThat(json(response).path("detail").asString()).contains("shedding load").contains("retry");
        assertThat(FAKE.appended()).isEmpty();
        Map<String, Double> after = scrape();
        assertThat(delta(before, after, REQUESTS + "{outcome=\"unavailable\"}")).isEqualTo(1);
        assertThat(delta(before, after, REQUESTS + "{outcome=\"accepted\"}")).isZero();
        // shed before reaching the broker: no acknowledgement wait to time
        assertThat(delta(before, after, "sync_ingest_ack_seconds_count{outcome=\"unavailable\"}")).isZero();
    }

    private String scrapeText() throws Exception {
        // an operator's endpoint: the scrape carries a token with the scope sync:admin
        HttpResponse<String> response = get("/actuator/prometheus", "Bearer " + TestIssuer.adminToken("prometheus"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        return response.body();
    }

    private Map<String, Double> scrape() throws Exception {
        return parse(scrapeText());
    }

    /** Prometheus text format: {@code name{labels} value}, comments skipped. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> values = new HashMap<>();
        text.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return values;
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("series %s", series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }
}
