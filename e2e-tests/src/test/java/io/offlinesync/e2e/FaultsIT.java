package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.VClock;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.RegistrySerdes;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.InboxBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Nothing lost, nothing doubled, under faults: a real broker in a child process (stopped and restarted),
 * the projector in a child process (killed with SIGKILL mid-backlog), a gateway restarted under retrying
 * clients, and clients with gaps in their clientSeq. Each test counts the log exactly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@PlatformTest(childProcesses = true, args = {
                "--sync.ack-timeout=3s",
                "--sync.retry-after=1s",
                // a killed projector's members are dropped after 6 s instead of 45 s
                "--spring.kafka.streams.properties[session.timeout.ms]=6000",
                "--spring.kafka.streams.properties[heartbeat.interval.ms]=1000"})
class FaultsIT {

    private static final Duration PUSH_DEADLINE = Duration.ofSeconds(120);
    private static Platform platform;

    private static Device device(String clientId) {
        return platform.device(clientId);
    }

    private static String itemAdded(Device device, String itemId) {
        return device.event("ItemAdded", "\"itemId\":\"" + itemId + "\",\"title\":\"" + itemId
                + "\",\"count\":1,\"vclock\":{\"" + device.clientId + "\":1}");
    }

    private static String listCreated(Device device) {
        return device.event("ListCreated", "\"title\":\"Faults\",\"policy\":\"lww\"");
    }

    /** Creates lists (one batch each) and waits until each has state, so later pushes never hit an unknown list. */
    private static void createLists(List<String> listIds, Map<String, Device> creators, Set<LogAudit.EventKey> expected)
            throws Exception {
        RetryingPusher pusher = new RetryingPusher(platform::gatewayUrl, platform.token());
        for (String listId : listIds) {
            Device creator = creators.computeIfAbsent(listId, id -> device("creator"));
            assertThat(pusher.pushUntilAccepted(listId, creator.batch(listCreated(creator)), PUSH_DEADLINE)).isTrue();
            expected.add(new LogAudit.EventKey(listId, "creator", 1));
        }
        Device reader = device("reader");
        await().atMost(Duration.ofSeconds(60)).until(() -> listIds.stream().allMatch(id -> status(reader, id) == 200));
    }

    private static int status(Device reader, String listId) {
        try {
            return reader.state(listId).status();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Waits until the projected state of every list is at {@code versions} entries. */
    private static void awaitProjected(Map<String, Long> versions, Duration within) {
        Device reader = device("reader");
        await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> versions.entrySet().stream()
                .allMatch(e -> {
                    try {
                        Device.Response state = reader.state(e.getKey());
                        return state.status() == 200 && state.body().get("listVersion").asLong() == e.getValue();
                    } catch (Exception ex) {
                        return false;
                    }
                }));
    }

    @Test
    @Order(1)
    void aClientWithAGapIsToldWhereToResumeAndRecovers() throws Exception {
        String listId = "gap-" + System.nanoTime();
        Device ann = device("ann");
        List<String> events = new ArrayList<>();
        events.add(listCreated(ann));
        for (int i = 2; i <= 6; i++) {
            events.add(itemAdded(ann, "item" + i));
        }
        RetryingPusher pusher = new RetryingPusher(platform::gatewayUrl, platform.token());
        // clientSeq 1-2, then 5-6: 3 and 4 are missing
        assertThat(pusher.pushUntilAccepted(listId, ann.batch(events.get(0), events.get(1)), PUSH_DEADLINE)).isTrue();
        assertThat(pusher.pushUntilAccepted(listId, ann.batch(events.get(4), events.get(5)), PUSH_DEADLINE)).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> head(ann, listId) == 4);
        List<JsonNode> log = ann.pullAll(listId, 0, 100);
        assertThat(log).extracting(e -> e.get("type").asString())
                .containsExactly("ListCreated", "ItemAdded", "Rejected", "Rejected");
        for (JsonNode rejected : log.subList(2, 4)) {
            assertThat(rejected.get("reason").asString()).isEqualTo("gap");
            assertThat(rejected.get("expectedClientSeq").asLong()).isEqualTo(3);
        }
        assertThat(log.get(2).get("clientSeq").asLong()).isEqualTo(5);
        assertThat(ann.pull(listId, 0, 1, 0).body().get("clientSeqs").get("ann").asLong())
                .as("a gap does not consume the client's clientSeq").isEqualTo(2);

        // the device resends from expectedClientSeq, as PROTOCOL.md says
        assertThat(pusher.pushUntilAccepted(listId, ann.batch(events.subList(2, 6).toArray(String[]::new)), PUSH_DEADLINE)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> ann.state(listId).status() == 200
                && ann.state(listId).body().get("listVersion").asLong() == 8);
        List<JsonNode> after = ann.pullAll(listId, 4, 100);
        assertThat(after).extracting(e -> e.get("clientSeq").asLong()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(after).extracting(e -> e.get("type").asString()).containsOnly("ItemAdded");
        assertThat(ann.state(listId).body().get("items")).hasSize(5);
        System.out.println("gaps: 2 Rejected(gap, expectedClientSeq 3) entries, then 4 resent events accepted in order");
    }

    @Test
    @Order(2)
    void retryingClientsAndAGatewayRestartLeaveEachEventOnce() throws Exception {
        int lists = 4;
        int clientsPerList = 2;
        int batches = 12;
        int eventsPerBatch = 4;
        String run = "retry-" + System.nanoTime();
        List<String> listIds = new ArrayList<>();
        for (int l = 0; l < lists; l++) {
            listIds.add(run + "-" + l);
        }
        Set<LogAudit.EventKey> expected = ConcurrentHashMap.newKeySet();
        createLists(listIds, new ConcurrentHashMap<>(), expected);

        List<String[]> late = new CopyOnWriteArrayList<>(); // {listId, batch}: resent after the gateway restart
        long ackedAtRestart;
        AtomicBoolean restarted = new AtomicBoolean();
        List<RetryingPusher> pushers = new CopyOnWriteArrayList<>();
        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String listId : listIds) {
                for (int c = 0; c < clientsPerList; c++) {
                    Device device = device("client" + c);
                    Random random = new Random(listId.hashCode() * 31L + c);
                    RetryingPusher pusher = new RetryingPusher(platform::gatewayUrl, platform.token());
                    pushers.add(pusher);
                    clients.add(pool.submit(() -> {
                        for (int b = 0; b < batches; b++) {
                            List<String> events = new ArrayList<>();
                            for (int e = 0; e < eventsPerBatch; e++) {
                                events.add(itemAdded(device, device.clientId + "-" + b + "-" + e));
                            }
                            String batch = device.batch(events.toArray(String[]::new));
                            if (!pusher.pushUntilAccepted(listId, batch, PUSH_DEADLINE)) {
                                throw new AssertionError("batch never accepted: " + batch);
                            }
                            for (int e = 0; e < eventsPerBatch; e++) {
                                expected.add(new LogAudit.EventKey(listId, device.clientId, (long) b * eventsPerBatch + e + 1));
                            }
                            // resend it 0 to 2 more times: now, overlapping the next batch, or after the restart
                            int copies = random.nextInt(3);
                            for (int copy = 0; copy < copies; copy++) {
                                switch (random.nextInt(3)) {
                                    case 0 -> pusher.pushUntilAccepted(listId, batch, PUSH_DEADLINE);
                                    case 1 -> pool.submit(() -> pusher.pushUntilAccepted(listId, batch, PUSH_DEADLINE));
                                    default -> late.add(new String[] {listId, batch});
                                }
                            }
                        }
                        return null;
                    }));
                }
            }
            // restart the gateway while the clients push
            await().atMost(Duration.ofSeconds(60)).until(() -> expected.size() >= lists * (1 + batches * eventsPerBatch));
            platform.restartGateway();
            restarted.set(true);
            ackedAtRestart = expected.size();
            for (Future<?> client : clients) {
                client.get();
            }
        }
        assertThat(restarted).isTrue();
        long connectionFailures = pushers.stream().mapToLong(p -> p.connectionFailures.get()).sum();
        RetryingPusher latePusher = new RetryingPusher(platform::gatewayUrl, platform.token());
        for (String[] resend : late) {
            assertThat(latePusher.pushUntilAccepted(resend[0], resend[1], PUSH_DEADLINE)).isTrue();
        }
        long expectedPerList = 1 + (long) clientsPerList * batches * eventsPerBatch;
        Map<String, Long> versions = new java.util.HashMap<>();
        listIds.forEach(id -> versions.put(id, expectedPerList));
        awaitProjected(versions, Duration.ofSeconds(60));

        LogAudit audit = LogAudit.afterFolding(platform, listIds);
        assertThat(audit.assertExactlyOnce(expected)).isEqualTo(lists * expectedPerList);
        assertThat(audit.rejected()).as("every resend was a duplicate, dropped without a trace").isZero();
        long sent = pushers.stream().mapToLong(p -> p.count(202)).sum() + late.size();
        assertThat(sent).as("batches acknowledged, resends included")
                .isGreaterThan((long) lists * clientsPerList * batches);
        assertThat(ackedAtRestart).as("the gateway restarted while clients were pushing").isLessThan(lists * expectedPerList);
        System.out.printf("retrying clients: %d events checked exactly once, %d acknowledged batches (%d resent after"
                + " the restart), %d failed connections during the restart%n", lists * expectedPerList, sent, late.size(),
                connectionFailures);
    }

    @Test
    @Order(3)
    void aProjectorKilledMidBacklogSequencesAndFoldsEveryEventOnce() throws Exception {
        int lists = 200;
        int batchesPerList = 10;
        int eventsPerBatch = 10;
        String run = "crash-" + System.nanoTime();
        platform.killProjector(); // crash while idle; the backlog builds up while it is down

        Set<LogAudit.EventKey> expected = new HashSet<>();
        List<String> listIds = new ArrayList<>();
        Map<String, Object> config = new java.util.HashMap<>(RegistrySerdes.config(platform.registry.url()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        org.apache.kafka.common.serialization.Serializer<InboxBatch> values =
                RegistrySerdes.<InboxBatch>valueSerde(platform.registry.url()).serializer();
        try (KafkaProducer<String, InboxBatch> producer = new KafkaProducer<>(config, new StringSerializer(), values)) {
            long now = System.currentTimeMillis();
            for (int l = 0; l < lists; l++) {
                String listId = run + "-" + l;
                listIds.add(listId);
                long seq = 0;
                for (int b = 0; b < batchesPerList; b++) {
                    List<io.offlinesync.schemas.avro.ClientEvent> events = new ArrayList<>();
                    for (int e = 0; e < eventsPerBatch; e++) {
                        seq++;
                        EventBody body = seq == 1 ? new EventBody.ListCreated("Backlog", Policy.LWW)
                                : new EventBody.ItemAdded("i" + seq, "Item " + seq, 1, new VClock(Map.of("dev", 1L)));
                        events.add(EventCodec.toAvro(new io.offlinesync.domain.ClientEvent(
                                UUID.randomUUID().toString(), seq, new Hlc(now, seq), body)));
                        expected.add(new LogAudit.EventKey(listId, "dev", seq));
                    }
                    producer.send(new ProducerRecord<>(Topics.INBOX, listId, new InboxBatch(listId, "dev", now, events,
                            Platform.DEFAULT_USER))); // as the gateway stamps it: the test's user owns the lists
                }
            }
            producer.flush();
        }
        long total = expected.size();

        long logBefore = TopicContents.endOffsetSum(platform, Topics.EVENTS);
        platform.startProjector();
        // kill it again once the sequencer is partway through the backlog: a quarter of the batches, each one
        // todo.events record (offsets include aborted writes and transaction markers)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> TopicContents.endOffsetSum(platform, Topics.EVENTS) - logBefore
                        >= (long) lists * batchesPerList / 4);
        platform.killProjector();
        long sequencedAtKill = LogAudit.of(platform, listIds).byList.values().stream().mapToLong(List::size).sum();
        platform.startProjector();

        Map<String, Long> versions = new java.util.HashMap<>();
        listIds.forEach(id -> versions.put(id, (long) batchesPerList * eventsPerBatch));
        awaitProjected(versions, Duration.ofSeconds(180));

        LogAudit audit = LogAudit.afterFolding(platform, listIds);
        assertThat(audit.assertExactlyOnce(expected)).isEqualTo(total);
        assertThat(audit.rejected()).isZero();
        assertThat(sequencedAtKill).as("killed mid-backlog").isLessThan(total);
        System.out.printf("projector crash: %d events in %d inbox records; SIGKILL with %d sequenced (committed);"
                + " after restart %d entries, each once, dense, folded once%n", total, lists * batchesPerList,
                sequencedAtKill, total);
        assertThat(audit.states.get(listIds.get(0)).getItems()).hasSize(batchesPerList * eventsPerBatch - 1);
    }

    private static long head(Device reader, String listId) throws Exception {
        Device.Response page = reader.pull(listId, 0, 1, 0);
        return page.status() == 200 ? page.body().get("head").asLong() : 0;
    }

    @Test
    @Order(4)
    void aBrokerOutageNeverAcknowledgesWhatIsNotDurableAndLosesNothing() throws Exception {
        int clients = 6;
        String run = "outage-" + System.nanoTime();
        List<String> listIds = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            listIds.add(run + "-" + c);
        }
        Map<String, Device> devices = new ConcurrentHashMap<>();
        Set<LogAudit.EventKey> expected = ConcurrentHashMap.newKeySet();
        createLists(listIds, devices, expected);

        AtomicBoolean stop = new AtomicBoolean();
        List<Long> acceptedAt = new CopyOnWriteArrayList<>();
        long brokerDown;
        long brokerStarting;
        List<RetryingPusher> pushers = new CopyOnWriteArrayList<>();
        List<Future<Long>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String listId : listIds) {
                Device device = devices.get(listId);
                RetryingPusher pusher = new RetryingPusher(platform::gatewayUrl, platform.token());
                pushers.add(pusher);
                results.add(pool.submit(() -> {
                    long batches = 0;
                    while (!stop.get()) {
                        List<String> events = List.of(itemAdded(device, "a" + batches), itemAdded(device, "b" + batches));
                        long firstSeq = 2 + batches * 2;
                        if (!pusher.pushUntilAccepted(listId, device.batch(events.toArray(String[]::new)), PUSH_DEADLINE)) {
                            throw new AssertionError("a batch was never accepted on " + listId);
                        }
                        acceptedAt.add(System.nanoTime());
                        expected.add(new LogAudit.EventKey(listId, "creator", firstSeq));
                        expected.add(new LogAudit.EventKey(listId, "creator", firstSeq + 1));
                        batches++;
                    }
                    return batches;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> expected.size() >= clients * 20);
            platform.brokerProcess.stop();
            brokerDown = System.nanoTime();
            // the outage lasts until every client has been refused twice
            await().atMost(Duration.ofSeconds(60)).until(() -> pushers.stream().allMatch(p -> p.count(503) > 1));
            brokerStarting = System.nanoTime();
            platform.brokerProcess.start();
            long ackedAtRestart = expected.size();
            await().atMost(Duration.ofSeconds(120)).until(() -> expected.size() >= ackedAtRestart + clients * 20L);
            stop.set(true);
            for (Future<Long> result : results) {
                result.get();
            }
        }
        // a 202 sent just before the broker exited may reach the client a moment later: 200 ms of grace
        long graceNanos = Duration.ofMillis(200).toNanos();
        assertThat(acceptedAt).as("no 202 while the broker was down")
                .noneMatch(t -> t > brokerDown + graceNanos && t < brokerStarting);
        long refused = pushers.stream().mapToLong(p -> p.count(503)).sum();
        assertThat(refused).as("503s during the outage").isPositive();
        assertThat(pushers.stream().mapToLong(p -> p.unavailableWithoutRetryAfter.get()).sum())
                .as("every 503 carries Retry-After").isZero();

        Map<String, Long> versions = new java.util.HashMap<>();
        for (String listId : listIds) {
            versions.put(listId, expected.stream().filter(k -> k.listId().equals(listId)).count());
        }
        awaitProjected(versions, Duration.ofSeconds(180));
        LogAudit audit = LogAudit.afterFolding(platform, listIds);
        assertThat(audit.assertExactlyOnce(expected)).isEqualTo(expected.size());
        assertThat(audit.rejected()).isZero();
        System.out.printf("broker outage: %d clients, broker down %d ms, %d answers 503 (all with Retry-After),"
                + " %d events acknowledged and found exactly once%n", clients,
                Duration.ofNanos(brokerStarting - brokerDown).toMillis(), refused, expected.size());
    }
}
