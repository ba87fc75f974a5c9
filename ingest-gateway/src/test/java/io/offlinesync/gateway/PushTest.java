package io.offlinesync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.VClock;
import io.offlinesync.gateway.inbox.InboxRecordTooLargeException;
import io.offlinesync.gateway.inbox.InboxSubmission;
import io.offlinesync.gateway.inbox.InboxUnavailableException;
import io.offlinesync.gateway.inbox.KafkaInboxAppender;
import io.offlinesync.schemas.avro.InboxBatch;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The push endpoint end to end through real HTTP, with the in-memory inbox. */
class PushTest extends WebTestBase {

    static final String LIST = "groceries";
    static final String CLIENT = "ann-phone";

    static String id(int n) {
        return String.format("0b9e0000-0000-4000-8000-%012d", n);
    }

    static String at(long ms, long n) {
        return "\"at\":{\"ms\":" + ms + ",\"n\":" + n + "}";
    }

    static String batch(String clientId, List<String> events) {
        return "{\"clientId\":\"" + clientId + "\",\"events\":[" + String.join(",", events) + "]}";
    }

    static String listCreated(int seq) {
        return "{\"eventId\":\"" + id(seq) + "\",\"clientSeq\":" + seq + ",\"type\":\"ListCreated\","
                + at(1764150000000L, 0) + ",\"title\":\"Groceries\",\"policy\":\"lww\"}";
    }

    static String itemAdded(int seq, String title) {
        return "{\"eventId\":\"" + id(seq) + "\",\"clientSeq\":" + seq + ",\"type\":\"ItemAdded\","
                + at(1764150000000L + seq, 0) + ",\"itemId\":\"item-" + seq + "\",\"title\":\"" + title
                + "\",\"count\":1,\"vclock\":{\"ann-phone\":" + seq + "}}";
    }

    static List<String> itemsFrom(int firstSeq, int count) {
        List<String> events = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            events.add(itemAdded(firstSeq + k, "Buy milk"));
        }
        return events;
    }

    @Test
    void validBatchOfEveryTypeIsOneAppendWithReceipts() throws Exception {
        String body = """
                {"clientId": "ann-phone", "events": [
                  {"eventId": "%s", "clientSeq": 7, "type": "ListCreated", "at": {"ms": 1764150000000, "n": 0},
                   "title": "Groceries", "policy": "vector"},
                  {"eventId": "%s", "clientSeq": 8, "type": "ListRenamed", "at": {"ms": 1764150000001, "n": 0},
                   "title": "Épicerie 🛒"},
                  {"eventId": "%s", "clientSeq": 9, "type": "ItemAdded", "at": {"ms": 1764150000002, "n": 3},
                   "itemId": "milk", "title": "Buy milk", "count": 1, "vclock": {"ann-phone": 1}},
                  {"eventId": "%s", "clientSeq": 10, "type": "ItemRenamed", "at": {"ms": 1764150000003, "n": 0},
                   "itemId": "milk", "title": "Buy oat milk", "count": 2, "vclock": {"ann-phone": 2, "bob_laptop": 4}},
                  {"eventId": "%s", "clientSeq": 11, "type": "ItemCompleted", "at": {"ms": 1764150000004, "n": 0},
                   "itemId": "milk", "count": 3, "vclock": {"ann-phone": 3}},
                  {"eventId": "%s", "clientSeq": 12, "type": "ItemReopened", "at": {"ms": 1764150000005, "n": 0},
                   "itemId": "milk", "count": 4, "vclock": {"ann-phone": 4}},
                  {"eventId": "%s", "clientSeq": 13, "type": "ItemDeleted", "at": {"ms": 1764150000006, "n": 0},
                   "itemId": "milk", "count": 9007199254740992, "vclock": {"ann-phone": 5}}]}
                """.formatted(id(1), id(2), id(3), id(4), id(5), id(6), id(7).toUpperCase());
        long before = System.currentTimeMillis();
        HttpResponse<String> response = postJson(LIST, body);
        long after = System.currentTimeMillis();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode answer = json(response);
        assertThat(answer.path("listId").asString()).isEqualTo(LIST);
        assertThat(answer.path("accepted").asInt()).isEqualTo(7);
        assertThat(answer.path("receipts")).hasSize(7);
        // protocol v1.1 read-your-writes fence: the batch's clientId and its last clientSeq
        assertThat(answer.path("fence").asString()).isEqualTo("ann-phone:13");
        for (int k = 0; k < 7; k++) {
            JsonNode receipt = answer.path("receipts").get(k);
            assertThat(receipt.path("eventId").asString()).isEqualTo(k == 6 ? id(7).toUpperCase() : id(k + 1));
            assertThat(receipt.path("clientSeq").asLong()).isEqualTo(7 + k);
            assertThat(receipt.path("partition").asInt()).isEqualTo(FakeInboxAppender.PARTITION);
            assertThat(receipt.path("offset").asLong()).isEqualTo(120);
        }

        assertThat(FAKE.appended()).hasSize(1);
        InboxSubmission submission = FAKE.appended().getFirst();
        assertThat(submission.listId()).isEqualTo(LIST);
        assertThat(submission.clientId()).isEqualTo(CLIENT);
        assertThat(submission.receivedMs()).isBetween(before, after);
        assertThat(submission.events()).containsExactly(
                new ClientEvent(id(1), 7, new Hlc(1764150000000L, 0), new EventBody.ListCreated("Groceries", Policy.VECTOR)),
                new ClientEvent(id(2), 8, new Hlc(1764150000001L, 0), new EventBody.ListRenamed("Épicerie 🛒")),
                new ClientEvent(id(3), 9, new Hlc(1764150000002L, 3),
                        new EventBody.ItemAdded("milk", "Buy milk", 1, new VClock(Map.of("ann-phone", 1L)))),
                new ClientEvent(id(4), 10, new Hlc(1764150000003L, 0), new EventBody.ItemRenamed("milk", "Buy oat milk", 2,
                        new VClock(Map.of("ann-phone", 2L, "bob_laptop", 4L)))),
                new ClientEvent(id(5), 11, new Hlc(1764150000004L, 0),
                        new EventBody.ItemCompleted("milk", 3, new VClock(Map.of("ann-phone", 3L)))),
                new ClientEvent(id(6), 12, new Hlc(1764150000005L, 0),
                        new EventBody.ItemReopened("milk", 4, new VClock(Map.of("ann-phone", 4L)))),
                new ClientEvent(id(7).toUpperCase(), 13, new Hlc(1764150000006L, 0),
                        new EventBody.ItemDeleted("milk", 1L << 53, new VClock(Map.of("ann-phone", 5L)))));

        // the value the real appender writes holds the same events
        InboxBatch record = KafkaInboxAppender.toAvro(submission);
        assertThat(record.getListId()).isEqualTo(LIST);
        assertThat(record.getEvents()).hasSize(7);
        assertThat(record.getEvents().stream().map(io.offlinesync.schemas.EventCodec::fromAvro).toList())
                .isEqualTo(submission.events());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json;charset=UTF-8", "application/json; charset=\"utf-8\"",
            "Application/JSON", "application/json; charset=utf-8; foo=bar"})
    void contentTypeVariantsOfJsonAreAccepted(String contentType) throws Exception {
        HttpResponse<String> response = post("/v1/lists/" + LIST + "/events", contentType,
                batch(CLIENT, List.of(listCreated(1))).getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(FAKE.appended()).hasSize(1);
    }

    @Test
    void edgesOfTheRulesAreAccepted() throws Exception {
        long soon = System.currentTimeMillis() + 240_000; // less than 5 minutes ahead
        String event = "{\"eventId\":\"" + id(1) + "\",\"clientSeq\":9007199254740992,\"type\":\"ItemAdded\","
                + at(soon, 0) + ",\"itemId\":\"" + "i".repeat(64) + "\",\"title\":\"" + "😀".repeat(500)
                + "\",\"count\":1,\"vclock\":{\"" + "Z".repeat(64) + "\":9007199254740992}}";
        HttpResponse<String> response = postJson("A_z-09".repeat(10) + "abcd", batch("c".repeat(64), List.of(event)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        EventBody.ItemAdded added = (EventBody.ItemAdded) FAKE.appended().getFirst().events().getFirst().body();
        assertThat(added.title().codePointCount(0, added.title().length())).isEqualTo(500);
    }

    @Test
    void fiveHundredEventsAreAcceptedAndFiveHundredOneAreTooMany() throws Exception {
        HttpResponse<String> ok = postJson(LIST, batch(CLIENT, itemsFrom(1, 500)));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(json(ok).path("receipts")).hasSize(500);
        assertThat(json(ok).path("fence").asString()).isEqualTo(CLIENT + ":500");
        assertThat(FAKE.appended()).hasSize(1);
        assertThat(FAKE.appended().getFirst().events()).hasSize(500);

        FAKE.reset();
        HttpResponse<String> tooMany = postJson(LIST, batch(CLIENT, itemsFrom(1, 501)));
        assertProblem(tooMany, 413);
        assertThat(json(tooMany).path("detail").asString()).contains("501");
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void bodyOfExactlyOneMebibyteIsReadAndOneByteMoreIsTooLarge() throws Exception {
        String body = batch(CLIENT, itemsFrom(1, 100));
        String padded = body + " ".repeat(1024 * 1024 - body.length());
        HttpResponse<String> ok = postJson(LIST, padded);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(FAKE.appended()).hasSize(1);

        FAKE.reset();
        HttpResponse<String> tooLarge = postJson(LIST, padded + " ");
        assertProblem(tooLarge, 413);
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void chunkedBodyOverOneMebibyteIsTooLarge() throws Exception {
        byte[] body = (batch(CLIENT, itemsFrom(1, 10)) + " ".repeat(1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/lists/" + LIST + "/events"))
                .header("Authorization", TestIssuer.bearer(USER))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 413);
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void declaredContentLengthOverOneMebibyteIsRefusedBeforeAnyBodyIsSent() throws Exception {
        String head = "POST /v1/lists/" + LIST + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + TestIssuer.authorizationLine(USER)
                + "Content-Type: application/json\r\nContent-Length: 5000000\r\n\r\n";
        // no body byte is ever sent: the answer can only come from the declared length
        RawHttp.Response response = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII), null);
        assertThat(response.statusLine()).startsWith("HTTP/1.1 413");
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void chunkedBodyIsCutOffAtOneMebibyteWithoutWaitingForItsEnd() throws Exception {
        String head = "POST /v1/lists/" + LIST + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + TestIssuer.authorizationLine(USER)
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        byte[] chunk = ("4000\r\n" + " ".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        // 65 chunks of 16 KiB (1 MiB + 16 KiB) and no terminating chunk: the stream never ends
        RawHttp.Response response = RawHttp.exchange(port, head.getBytes(StandardCharsets.US_ASCII), out -> {
            for (int k = 0; k < 65; k++) {
                out.write(chunk);
            }
            out.flush();
        });
        assertThat(response.statusLine()).startsWith("HTTP/1.1 413");
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        HttpResponse<String> response = post("/v1/lists/" + LIST + "/events", "text/plain",
                batch(CLIENT, List.of(listCreated(1))).getBytes(StandardCharsets.UTF_8));
        assertProblem(response, 415);
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void compressedBodyIs415() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/lists/" + LIST + "/events"))
                .header("Authorization", TestIssuer.bearer(USER))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(batch(CLIENT, List.of(listCreated(1)))))
                .build();
        assertProblem(HTTP.send(request, HttpResponse.BodyHandlers.ofString()), 415);
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void unacceptableAcceptHeaderIs406AndNothingIsWritten() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/lists/" + LIST + "/events"))
                .header("Authorization", TestIssuer.bearer(USER))
                .header("Content-Type", "application/json")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(batch(CLIENT, List.of(listCreated(1)))))
                .build();
        assertProblem(HTTP.send(request, HttpResponse.BodyHandlers.ofString()), 406);
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void unknownPathsAndMethodsAreProblems() throws Exception {
        HttpResponse<String> notFound = get("/v2/nothing", TestIssuer.bearer(USER));
        assertProblem(notFound, 404);
        assertThat(json(notFound).path("type").asString()).isEqualTo("about:blank");

        HttpResponse<String> wrongMethod = HTTP.send(HttpRequest.newBuilder(uri("/v1/lists/" + LIST + "/events"))
                .header("Authorization", TestIssuer.bearer(USER)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(wrongMethod, 405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValueSatisfying(v -> assertThat(v).contains("POST"));

        HttpResponse<String> trailingSlash = postJson(LIST + "/events/x", "{}");
        assertProblem(trailingSlash, 404);

        // the error page is open: no token
        HttpResponse<String> errorPage = HTTP.send(HttpRequest.newBuilder(uri("/error")).header("Accept", "text/html")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(errorPage.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(errorPage.statusCode()).isBetween(400, 499);
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void containerLevelRejectionIsAProblemToo() throws Exception {
        // an encoded slash in the path is refused by Tomcat itself, before Spring MVC
        HttpResponse<String> response = postJson("a%2Fb", batch(CLIENT, List.of(listCreated(1))));
        assertProblem(response, 400);
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void appenderTimingOutIs503WithRetryAfterAndNoReceipt() throws Exception {
        FAKE.failWith(new InboxUnavailableException("no acknowledgement from todo.inbox within PT10S",
                new TimeoutException()));
        HttpResponse<String> response = postJson(LIST, batch(CLIENT, List.of(listCreated(1))));
        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(json(response).has("receipts")).isFalse();
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void realAppenderWhoseAcknowledgementNeverComesAnswers503WithinTheAckTimeout() throws Exception {
        MockProducer<String, InboxBatch> neverAcks = new MockProducer<>(false, null, new StringSerializer(),
                (topic, value) -> new byte[0]);
        try (KafkaInboxAppender appender = KafkaInboxAppenderTest.withDefaultBounds(neverAcks, "todo.inbox", Duration.ofMillis(300))) {
            FAKE.delegateTo(appender);
            long start = System.nanoTime();
            HttpResponse<String> response = postJson(LIST, batch(CLIENT, List.of(listCreated(1))));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertProblem(response, 503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(tookMs).isBetween(300L, 10_000L);
            assertThat(neverAcks.history()).hasSize(1); // sent, never acknowledged: the device must retry
            assertThat(FAKE.appended()).isEmpty();
        }
    }

    @Test
    void recordTooLargeForTheBrokerIs413() throws Exception {
        FAKE.failWith(new InboxRecordTooLargeException("The message is 1500000 bytes", null));
        assertProblem(postJson(LIST, batch(CLIENT, List.of(listCreated(1)))), 413);
        assertThat(FAKE.appended()).isEmpty();
    }

    @Test
    void everyErrorOfAnEventIsReportedInOrder() throws Exception {
        String event = "{\"eventId\":\"nope\",\"clientSeq\":0,\"type\":\"ListCreated\",\"at\":{\"ms\":-1,\"n\":0},"
                + "\"title\":\"\",\"policy\":\"mvr\",\"color\":\"red\"}";
        HttpResponse<String> response = postJson("bad.list", batch("", List.of(event)));
        assertProblem(response, 400);
        JsonNode errors = json(response).path("errors");
        List<String> fields = new ArrayList<>();
        errors.forEach(e -> fields.add((e.path("index").isNull() ? "" : e.path("index").asString()) + ":"
                + e.path("field").asString()));
        assertThat(fields).containsExactly(":listId", ":clientId", "0:eventId", "0:clientSeq", "0:at.ms", "0:title",
                "0:policy", "0:color");
        assertThat(errors.get(0).path("index").isNull()).isTrue();
        assertThat(json(response).path("errorCount").asInt()).isEqualTo(8);
    }

    @Test
    void errorsAreCappedAtOneHundredButCounted() throws Exception {
        List<String> events = new ArrayList<>();
        for (int k = 1; k <= 200; k++) {
            events.add("{\"eventId\":\"" + id(k) + "\",\"clientSeq\":" + k + ",\"type\":\"Nope\"," + at(1, 0) + "}");
        }
        HttpResponse<String> response = postJson(LIST, batch(CLIENT, events));
        assertProblem(response, 400);
        assertThat(json(response).path("errors")).hasSize(100);
        assertThat(json(response).path("errorCount").asInt()).isEqualTo(200);
        assertThat(json(response).path("detail").asString()).contains("200");
    }

    @Test
    void healthAndInfoAreExposed() throws Exception {
        // the liveness probe is open to orchestrators, which have no token
        HttpResponse<String> liveness = get("/actuator/health/liveness", null);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(json(liveness).path("status").asString()).isEqualTo("UP");
        // the whole health is an operator's: the broker probe is part of it (its status depends on whether a broker
        // answers at localhost:9092), and so is the membership view (here the in-memory one, always caught up)
        String operator = "Bearer " + TestIssuer.adminToken("ops");
        HttpResponse<String> health = get("/actuator/health", operator);
        assertThat(json(health).path("components").path("kafka").path("status").asString()).isIn("DOWN", "UP");
        assertThat(json(health).path("components").path("inboxSender").path("status").asString()).isEqualTo("UP");
        assertThat(json(health).path("components").path("membershipView").path("status").asString()).isEqualTo("UP");
        HttpResponse<String> info = get("/actuator/info", operator);
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(json(info).path("app").path("name").asString()).isEqualTo("ingest-gateway"); // from ingest-gateway.yml
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asString()).isNotBlank();
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
    }
}
