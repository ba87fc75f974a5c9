package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.VClock;
import io.offlinesync.protocol.LogEntryJson;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.RegistrySerdes;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.InboxBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who may write is decided by the list's own log, on the real platform: a member removed while their device
 * pushes offline edits keeps what the log ordered before the removal and is refused what it ordered after, and
 * another user's push under a device's clientId gets nothing in, also where the gateway's early refusal does not
 * see it (a batch written straight to {@code todo.inbox}, as a gateway whose view lags would). Both projection
 * versions (two independent folds) and a fold of the catch-up log with the domain's code (what a replay does)
 * agree on the members and the items.
 */
@PlatformTest
class MembershipRacesIT {

    private static Platform platform;
    private static KafkaProducer<String, InboxBatch> inbox;

    @BeforeAll
    static void start() throws Exception {
        inbox = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                RegistrySerdes.<InboxBatch>valueSerde(platform.registry.url()).serializer());
    }

    @AfterAll
    static void stop() throws Exception {
        if (inbox != null) {
            inbox.close();
        }
    }

    @Test
    void aMemberRemovedWhileTheirDeviceSyncsKeepsWhatCameBeforeTheRemovalOnly() throws Exception {
        String listId = "race-" + UUID.randomUUID().toString().substring(0, 8);
        Device ann = platform.device("ann-phone", "ann");
        Device bob = platform.device("bob-laptop", "bob");
        assertThat(ann.push(listId, ann.batch(ann.event("ListCreated", "\"title\":\"Race\",\"policy\":\"lww\""),
                ann.event("MemberAdded", "\"member\":\"bob\",\"role\":\"editor\"")))).extracting(Device.Response::status)
                .isEqualTo(202);
        awaitRole(ann, listId, "bob", "editor");
        // bob's device, while still an editor: these stay
        assertThat(bob.push(listId, bob.batch(item(bob, "before-1"), item(bob, "before-2"))).status()).isEqualTo(202);

        // bob's device pushes its offline queue, in order, while ann removes him: the log orders each push on
        // one side of the removal (the gateway refuses at the door once its view has the removal)
        List<Integer> statuses = new ArrayList<>();
        List<String> acceptedIds = new ArrayList<>();
        try (ExecutorService pushes = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> queue = pushes.submit(() -> {
                for (int i = 0; i < 8; i++) {
                    String event = item(bob, "offline-" + i);
                    int status = pushUntilSettled(bob, listId, bob.batch(event));
                    statuses.add(status);
                    if (status == 202) {
                        acceptedIds.add(event.replaceFirst("^\\{\"eventId\":\"([^\"]+)\".*$", "$1"));
                    }
                }
                return null;
            });
            assertThat(ann.push(listId, ann.batch(ann.event("MemberRemoved", "\"member\":\"bob\""))).status())
                    .isEqualTo(202);
            queue.get();
        }
        assertThat(statuses).as("accepted for the log to decide, or refused early by the gateway's view")
                .allSatisfy(status -> assertThat(status).isIn(202, 403));

        // and one more offline push the gateway never saw (a gateway whose view lags): straight into the inbox,
        // numbered after what bob's device got consumed
        awaitRole(ann, listId, "bob", null);
        // the numbering goes on from what the sequencer consumed: read it once every push the gateway accepted is
        // in the log (the state can show the removal before the entries after it are sequenced and indexed)
        await("bob's accepted pushes in the log").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ann.pullAll(listId, 0, 1000).stream().map(e -> e.path("eventId").asString()).toList()
                        .containsAll(acceptedIds));
        long consumed = ann.pull(listId, 0, 1, 0).body().path("clientSeqs").path("bob-laptop").asLong();
        ClientEvent late = new ClientEvent(UUID.randomUUID().toString(), consumed + 1,
                new Hlc(System.currentTimeMillis(), 0),
                new EventBody.ItemAdded("after-removal", "late", 1, new VClock(Map.of("bob-laptop", 1L))));
        inbox.send(new ProducerRecord<>(Topics.INBOX, listId, new InboxBatch(listId, "bob-laptop",
                System.currentTimeMillis(), List.of(EventCodec.toAvro(late)), "bob"))).get();

        List<JsonNode> log = await("the late batch sequenced").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> ann.pullAll(listId, 0, 1000),
                        entries -> entries.stream().anyMatch(e -> e.path("eventId").asString().equals(late.eventId())));
        long removedAt = log.stream().filter(e -> e.path("type").asString().equals("MemberRemoved"))
                .mapToLong(e -> e.path("listVersion").asLong()).findFirst().orElseThrow();
        int before = 0;
        int after = 0;
        for (JsonNode entry : log) {
            if (!entry.path("userId").asString().equals("bob")) {
                continue;
            }
            long version = entry.path("listVersion").asLong();
            String verdict = entry.path("type").asString().equals("Rejected") ? entry.path("reason").asString() : "accepted";
            if (version < removedAt) {
                assertThat(verdict).as("bob's entry at %d, before the removal at %d", version, removedAt)
                        .isEqualTo("accepted");
                before++;
            } else {
                assertThat(verdict).as("bob's entry at %d, after the removal at %d", version, removedAt)
                        .isEqualTo("forbidden");
                after++;
            }
        }
        assertThat(before).as("bob's edits before the removal").isGreaterThanOrEqualTo(2);
        assertThat(after).as("bob's edits after the removal, at least the late one").isGreaterThanOrEqualTo(1);
        assertThat(log.stream().filter(e -> e.path("eventId").asString().equals(late.eventId())).findFirst()
                .orElseThrow().path("reason").asString()).isEqualTo("forbidden");

        assertEveryFoldAgrees(ann, listId, log, Map.of("ann", Role.OWNER));
    }

    @Test
    void anotherUsersPushUnderADevicesClientIdGetsNothingInEvenPastTheGateway() throws Exception {
        String listId = "impostor-" + UUID.randomUUID().toString().substring(0, 8);
        Device ann = platform.device("ann-phone", "ann");
        assertThat(ann.push(listId, ann.batch(ann.event("ListCreated", "\"title\":\"Mine\",\"policy\":\"vector\""),
                item(ann, "milk"))).status()).isEqualTo(202);
        awaitRole(ann, listId, "ann", "owner");

        // through the gateway: refused at the door
        Device eveAsAnn = platform.device("ann-phone", "eve");
        Device.Response refused = eveAsAnn.push(listId, eveAsAnn.batch(eveAsAnn.event("ListRenamed", "\"title\":\"Eve's\""),
                eveAsAnn.event("MemberAdded", "\"member\":\"eve\",\"role\":\"owner\"")));
        assertThat(refused.status()).isEqualTo(403);

        // past the gateway (a view that lags): the sequencer refuses it and touches nothing of ann's device,
        // whatever clientSeq the impostor uses (a duplicate of ann's, the next one, one far ahead)
        List<String> eventIds = new ArrayList<>();
        for (long seq : new long[] {1, 3, 50}) {
            ClientEvent forged = new ClientEvent(UUID.randomUUID().toString(), seq, new Hlc(System.currentTimeMillis(), 0),
                    new EventBody.MemberAdded("eve", Role.OWNER));
            eventIds.add(forged.eventId());
            inbox.send(new ProducerRecord<>(Topics.INBOX, listId, new InboxBatch(listId, "ann-phone",
                    System.currentTimeMillis(), List.of(EventCodec.toAvro(forged)), "eve"))).get();
        }
        List<JsonNode> log = await("the forged batches sequenced").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> ann.pullAll(listId, 0, 1000),
                        entries -> entries.stream().filter(e -> eventIds.contains(e.path("eventId").asString())).count() == 3);
        for (JsonNode entry : log) {
            if (eventIds.contains(entry.path("eventId").asString())) {
                assertThat(entry.path("type").asString()).isEqualTo("Rejected");
                assertThat(entry.path("reason").asString()).isEqualTo("forbidden");
                assertThat(entry.path("userId").asString()).isEqualTo("eve");
                assertThat(entry.path("foreignClient").asBoolean()).isTrue();
                assertThat(entry.has("expectedClientSeq")).as("nothing about ann's numbering is told").isFalse();
            }
        }
        JsonNode page = ann.pull(listId, 0, 1, 0).body();
        assertThat(page.path("clientSeqs").path("ann-phone").asLong()).as("ann's numbering untouched").isEqualTo(2);
        // ann's device goes on with clientSeq 3 as if nothing happened
        assertThat(ann.push(listId, ann.batch(item(ann, "eggs"))).status()).isEqualTo(202);
        List<JsonNode> after = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ann.pullAll(listId, 0, 1000), entries -> entries.stream()
                        .anyMatch(e -> e.path("itemId").asString().equals("eggs")));
        assertEveryFoldAgrees(ann, listId, after, Map.of("ann", Role.OWNER));
    }

    /**
     * The members and items of the list as the two projection versions hold them (two folds, each its own Kafka
     * Streams application) and as the domain folds the catch-up log (what a replay computes): all the same.
     */
    private static void assertEveryFoldAgrees(Device reader, String listId, List<JsonNode> log, Map<String, Role> members)
            throws Exception {
        List<LogEntry> entries = new ArrayList<>();
        for (JsonNode entry : log) {
            entries.add(LogEntryJson.read(entry));
        }
        TodoList replayed = TodoList.fold(listId, entries);
        assertThat(replayed.members()).isEqualTo(members);
        long head = log.getLast().path("listVersion").asLong();
        for (String projection : platform.projections()) {
            JsonNode state = await(projection + " at " + head).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> reader.get("/v1/lists/" + listId
                            + "?projection=" + projection), r -> r.status() == 200
                            && r.body().path("listVersion").asLong() == head).body();
            Map<String, String> served = new LinkedHashMap<>();
            state.path("members").properties().forEach(m -> served.put(m.getKey(), m.getValue().asString()));
            Map<String, String> expected = new LinkedHashMap<>();
            members.forEach((user, role) -> expected.put(user, role.wireName()));
            assertThat(served).as(projection + " members").isEqualTo(expected);
            List<String> items = new ArrayList<>();
            state.path("items").values().forEach(item -> items.add(item.path("itemId").asString()));
            assertThat(items).as(projection + " items").isEqualTo(replayed.visibleItems().stream()
                    .map(io.offlinesync.domain.Item::itemId).toList());
        }
    }

    private static String item(Device device, String itemId) {
        return device.event("ItemAdded", "\"itemId\":\"" + itemId + "\",\"title\":\"" + itemId + "\",\"count\":1,"
                + "\"vclock\":{\"" + device.clientId + "\":1}");
    }

    /** A device's push, resent on 429/503 as PROTOCOL.md says; the final status. */
    private static int pushUntilSettled(Device device, String listId, String batch) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int status = device.push(listId, batch).status();
            if (status != 429 && status != 503) {
                return status;
            }
            Thread.sleep(200); // a device's backoff, not a wait for the system under test
        }
        return -1;
    }

    private static void awaitRole(Device reader, String listId, String user, String role) {
        await(user + " " + role + " on " + listId).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    Device.Response state = reader.state(listId);
                    assertThat(state.status()).isEqualTo(200);
                    JsonNode found = state.body().path("members").path(user);
                    assertThat(found.isMissingNode() ? null : found.asString()).isEqualTo(role);
                });
    }
}
