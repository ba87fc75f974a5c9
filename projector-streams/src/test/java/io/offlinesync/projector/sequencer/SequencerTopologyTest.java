package io.offlinesync.projector.sequencer;

import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.event;
import static io.offlinesync.domain.TestEvents.memberAdded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.ListLimits;
import io.offlinesync.domain.Role;
import io.offlinesync.schemas.avro.SequenceState;
import io.offlinesync.schemas.avro.SequencerClient;
import java.util.UUID;
import org.apache.kafka.streams.state.KeyValueStore;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.schemas.avro.ListAccess;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.Rejected;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequencerTopologyTest {

    @TempDir
    java.nio.file.Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, InboxBatch> inbox;
    private TestOutputTopic<String, LogEntry> segments;
    /** todo.events read entry by entry: each segment's entries as records of one. */
    private final SegmentEntries events = new SegmentEntries();
    private TestOutputTopic<String, ListAccess> members;

    @BeforeEach
    void setUp() {
        start(ListLimits.DEFAULTS);
    }

    private void start(ListLimits limits) {
        if (driver != null) {
            driver.close();
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, SequencerTopology.APPLICATION_ID);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // parallel builds must not share /tmp/kafka-streams
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(SequencerTopology.build(ValueSerdes.plain(), SequencerCounts.NONE, limits, EarlyCommit.NEVER),
                props);
        inbox = driver.createInputTopic(Topics.INBOX, Serdes.String().serializer(),
                new PlainAvroSerde<>(InboxBatch.class).serializer());
        segments = driver.createOutputTopic(Topics.EVENTS, Serdes.String().deserializer(),
                new PlainAvroSerde<>(LogEntry.class).deserializer());
        members = driver.createOutputTopic(Topics.MEMBERS, Serdes.String().deserializer(),
                new PlainAvroSerde<>(ListAccess.class).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void push(String listId, String clientId, ClientEvent... batch) {
        pushAs(null, listId, clientId, batch);
    }

    /** A batch the gateway stamped with {@code userId}. */
    private void pushAs(String userId, String listId, String clientId, ClientEvent... batch) {
        inbox.pipeInput(listId, new InboxBatch(listId, clientId, 42L,
                List.of(batch).stream().map(EventCodec::toAvro).toList(), userId));
    }

    /** The entries of the segments written since the last read, each as a record of its own. */
    private final class SegmentEntries {

        List<KeyValue<String, LogEntry>> readKeyValuesToList() {
            return segments.readKeyValuesToList().stream()
                    .flatMap(kv -> EventCodec.entriesOf(kv.value).stream()
                            .map(entry -> KeyValue.pair(kv.key, EventCodec.toAvro(kv.value.getListId(), entry))))
                    .toList();
        }

        List<LogEntry> readValuesToList() {
            return readKeyValuesToList().stream().map(kv -> kv.value).toList();
        }

        LogEntry readValue() {
            List<LogEntry> entries = readValuesToList();
            assertThat(entries).as("entries written").hasSize(1);
            return entries.getFirst();
        }
    }

    @Test
    void aBatchIsOneRecordOfTodoEventsAndARetriedOneAppendsNone() {
        push("g", "ann", event(1, 1000, created("G")), event(2, 1001, added("milk", "Milk")),
                event(4, 1002, added("tea", "Tea")));

        List<KeyValue<String, LogEntry>> written = segments.readKeyValuesToList();
        assertThat(written).as("one record for the batch").hasSize(1);
        LogEntry segment = written.getFirst().value;
        assertThat(segment.getListVersion()).isEqualTo(1L);
        assertThat(segment.getFollowing()).extracting(f -> f.getListVersion()).containsExactly(2L, 3L);
        assertThat(segment.getFollowing().get(1).getBody()).as("the gap, in the same segment")
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.getReason()).isEqualTo("gap"));

        push("g", "ann", event(1, 1000, created("G")), event(2, 1001, added("milk", "Milk")));
        assertThat(segments.isEmpty()).as("a retried batch appends no record").isTrue();
    }

    @Test
    void aBatchLargerThanASegmentIsSplitIntoConsecutiveRecords() {
        List<ClientEvent> batch = new java.util.ArrayList<>();
        batch.add(event(1, 1000, created("G")));
        for (int seq = 2; seq <= SequencerTopology.MAX_SEGMENT_ENTRIES + 10; seq++) {
            batch.add(event(seq, 1000 + seq, added("i" + seq, "Item " + seq)));
        }
        push("g", "ann", batch.toArray(ClientEvent[]::new));

        List<LogEntry> written = segments.readValuesToList();
        assertThat(written).extracting(EventCodec::entryCount).containsExactly(SequencerTopology.MAX_SEGMENT_ENTRIES, 10);
        assertThat(written.get(1).getListVersion()).isEqualTo(SequencerTopology.MAX_SEGMENT_ENTRIES + 1L);
        assertThat(EventCodec.lastVersion(written.get(1))).isEqualTo(SequencerTopology.MAX_SEGMENT_ENTRIES + 10L);
    }

    @Test
    void withOneEntryPerSegmentABatchIsARecordPerEntryAsBeforeSegments() {
        driver.close();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, SequencerTopology.APPLICATION_ID);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(SequencerTopology.build(ValueSerdes.plain(), SequencerCounts.NONE,
                ListLimits.DEFAULTS, EarlyCommit.NEVER, 1), props);
        inbox = driver.createInputTopic(Topics.INBOX, Serdes.String().serializer(),
                new PlainAvroSerde<>(InboxBatch.class).serializer());
        segments = driver.createOutputTopic(Topics.EVENTS, Serdes.String().deserializer(),
                new PlainAvroSerde<>(LogEntry.class).deserializer());

        push("g", "ann", event(1, 1000, created("G")), event(2, 1001, added("milk", "Milk")));

        List<LogEntry> written = segments.readValuesToList();
        assertThat(written).extracting(LogEntry::getListVersion).containsExactly(1L, 2L);
        assertThat(written).allSatisfy(record -> assertThat(record.getFollowing()).isEmpty());
        assertThatThrownBy(() -> SequencerTopology.build(ValueSerdes.plain(), SequencerCounts.NONE, ListLimits.DEFAULTS,
                EarlyCommit.NEVER, 0).describe())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 500");
    }

    @Test
    void appendsABatchInOrderWithVersionsFromOne() {
        push("g", "ann", event(1, 1000, created("G")), event(2, 1001, added("milk", "Milk")));

        List<KeyValue<String, LogEntry>> out = events.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsOnly("g");
        assertThat(out).extracting(kv -> kv.value.getListVersion()).containsExactly(1L, 2L);
        assertThat(out).extracting(kv -> kv.value.getClientSeq()).containsExactly(1L, 2L);
        assertThat(out.get(0).value.getServerMs()).isEqualTo(42L);
        assertThat(out.get(1).value.getBody()).isInstanceOf(io.offlinesync.schemas.avro.ItemAdded.class);
    }

    @Test
    void aRetriedBatchAppendsNothing() {
        ClientEvent[] batch = {event(1, 1000, created("G")), event(2, 1001, added("milk", "Milk"))};
        push("g", "ann", batch);
        push("g", "ann", batch);

        assertThat(events.readValuesToList()).hasSize(2);
    }

    @Test
    void aBatchOverlappingTheLastAcceptedAppendsOnlyTheNewEvents() {
        push("g", "ann", event(1, 1000, created("G")), event(2, 1001, added("a", "A")));
        push("g", "ann", event(2, 1001, added("a", "A")), event(3, 1002, added("b", "B")));

        assertThat(events.readValuesToList()).extracting(LogEntry::getClientSeq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aGapIsRejectedWithTheExpectedSeqAndTheClientCanResend() {
        push("g", "ann", event(1, 1000, created("G")));
        push("g", "ann", event(3, 1002, added("b", "B")));
        push("g", "ann", event(2, 1001, added("a", "A")), event(3, 1002, added("b", "B")));

        List<LogEntry> out = events.readValuesToList();
        assertThat(out).extracting(LogEntry::getListVersion).containsExactly(1L, 2L, 3L, 4L);
        assertThat(out.get(1).getBody()).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.getReason()).isEqualTo("gap");
            assertThat(r.getExpectedClientSeq()).isEqualTo(2L);
        });
        assertThat(out.get(1).getAt()).isNull();
        assertThat(out.get(3).getClientSeq()).isEqualTo(3L);
        assertThat(out.get(3).getBody()).isNotInstanceOf(Rejected.class);
    }

    @Test
    void eventsOnAnUnknownListAreRejected() {
        push("nolist", "bob", event(1, 1000, added("a", "A")));

        LogEntry entry = events.readValue();
        assertThat(entry.getListVersion()).isEqualTo(1L);
        assertThat(entry.getBody()).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.getReason()).isEqualTo("unknown-list"));
    }

    @Test
    void aSecondListCreatedIsRejected() {
        push("g", "ann", event(1, 1000, created("G")));
        push("g", "bob", event(1, 1001, created("Also G")));

        List<LogEntry> out = events.readValuesToList();
        assertThat(out.get(1).getBody()).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.getReason()).isEqualTo("list-exists"));
    }

    @Test
    void versionsStayDenseAcrossManyListsAndClientsWithRetries() {
        Random random = new Random(7);
        int lists = 20;
        int clients = 5;
        Map<String, Integer> nextSeq = new HashMap<>();
        for (int l = 0; l < lists; l++) {
            push("list-" + l, "owner", event(1, 1, created("L" + l)));
        }
        List<Runnable> retries = new ArrayList<>();
        int sent = lists;
        for (int round = 0; round < 400; round++) {
            String listId = "list-" + random.nextInt(lists);
            String clientId = "c" + random.nextInt(clients);
            String key = listId + "/" + clientId;
            int first = nextSeq.getOrDefault(key, 1);
            int size = 1 + random.nextInt(4);
            ClientEvent[] batch = new ClientEvent[size];
            for (int i = 0; i < size; i++) {
                batch[i] = event(first + i, 1000 + round, added("i" + round + "-" + i, "T"));
            }
            nextSeq.put(key, first + size);
            sent += size;
            push(listId, clientId, batch);
            if (random.nextInt(3) == 0) {
                retries.add(() -> push(listId, clientId, batch));
            }
        }
        retries.forEach(Runnable::run);

        Map<String, List<Long>> versions = new HashMap<>();
        Set<String> identities = new HashSet<>();
        for (KeyValue<String, LogEntry> kv : events.readKeyValuesToList()) {
            versions.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(kv.value.getListVersion());
            assertThat(kv.value.getBody()).isNotInstanceOf(Rejected.class);
            assertThat(identities.add(kv.key + "/" + kv.value.getClientId() + "/" + kv.value.getClientSeq()))
                    .as("each (listId, clientId, clientSeq) once").isTrue();
        }
        assertThat(identities).hasSize(sent);
        versions.forEach((listId, v) -> {
            for (int i = 0; i < v.size(); i++) {
                assertThat(v.get(i)).as("dense versions of " + listId).isEqualTo(i + 1L);
            }
        });
    }

    private static ClientEvent fresh(long clientSeq, io.offlinesync.domain.EventBody body) {
        return new ClientEvent(UUID.randomUUID().toString(), clientSeq, new Hlc(5000 + clientSeq, 0), body);
    }

    private static Rejected rejection(LogEntry entry) {
        assertThat(entry.getBody()).isInstanceOf(Rejected.class);
        return (Rejected) entry.getBody();
    }

    @Test
    void aClientSeqReusedWithAnotherEventIdIsRejectedAcrossBatches() {
        push("g", "ann", event(1, 1000, created("G")), fresh(2, added("a", "A")));
        push("g", "ann", fresh(2, added("b", "B")), fresh(3, added("c", "C")));

        List<LogEntry> out = events.readValuesToList();
        assertThat(out).extracting(LogEntry::getListVersion).containsExactly(1L, 2L, 3L, 4L);
        Rejected reused = rejection(out.get(2));
        assertThat(reused.getReason()).isEqualTo("seq-reused");
        assertThat(reused.getExpectedClientSeq()).isEqualTo(3L);
        assertThat(out.get(3).getClientSeq()).isEqualTo(3L);
        assertThat(out.get(3).getBody()).isNotInstanceOf(Rejected.class);
    }

    @Test
    void oneListFullOfClientsAndItemsIsRefusedAtItsBoundsAndItsStoredStateStaysSmall() {
        start(new ListLimits(3, 4, 64 << 10));
        push("g", "owner", event(1, 1000, created("G")));
        for (int c = 0; c < 200; c++) {
            push("g", "c" + "x".repeat(60) + c, fresh(1, added("i" + c, "T".repeat(400))));
        }
        List<LogEntry> out = events.readValuesToList();
        assertThat(out).hasSize(201);
        assertThat(out.stream().filter(e -> !(e.getBody() instanceof Rejected))).hasSize(3);
        assertThat(out.stream().skip(3).map(SequencerTopologyTest::rejection).map(Rejected::getLimit))
                .containsOnly("clients");

        KeyValueStore<String, SequenceState> lists = driver.getKeyValueStore(SequencerTopology.STORE);
        assertThat(lists.get("g").getClients()).isEqualTo(3);
        assertThat(lists.get("g").getClientSeqs()).isEmpty();
        KeyValueStore<String, SequencerClient> clients = driver.getKeyValueStore(SequencerTopology.CLIENTS_STORE);
        assertThat(clients.approximateNumEntries()).isEqualTo(3);

        push("g", "owner", fresh(2, added("more1", "M")), fresh(3, added("more2", "M")), fresh(4, added("more3", "M")));
        assertThat(events.readValuesToList()).extracting(e -> e.getBody() instanceof Rejected r ? r.getLimit() : "accepted")
                .containsExactly("accepted", "accepted", "items");
    }

    @Test
    void aListStoredBeforeClientsHadKeysOfTheirOwnKeepsItsNumbering() {
        KeyValueStore<String, SequenceState> lists = driver.getKeyValueStore(SequencerTopology.STORE);
        SequenceState legacy = SequenceState.newBuilder().setHead(7).setCreated(true)
                .setClientSeqs(Map.of("ann", 5L, "bob", 2L)).build();
        lists.put("old", legacy);

        push("old", "ann", event(5, 1000, added("a", "A")), event(6, 1001, added("b", "B")));
        push("old", "bob", event(4, 1002, added("c", "C")));

        List<LogEntry> out = events.readValuesToList();
        assertThat(out).extracting(LogEntry::getListVersion).containsExactly(8L, 9L);
        assertThat(out.get(0).getClientSeq()).isEqualTo(6L);
        assertThat(rejection(out.get(1)).getReason()).isEqualTo("gap");
        assertThat(rejection(out.get(1)).getExpectedClientSeq()).isEqualTo(3L);
        assertThat(lists.get("old").getClientSeqs()).isEmpty();
        assertThat(lists.get("old").getClients()).isEqualTo(2);
    }

    // ---- membership ------------------------------------------------------------------------------------------

    private static ListAccess access(Map<String, String> members, Map<String, String> clients) {
        return new ListAccess(members, clients);
    }

    @Test
    void everyEntryCarriesItsBatchsUserAndTheListsAccessIsWrittenToTodoMembers() {
        pushAs("ann", "g", "ann-phone", fresh(1, created("G")), fresh(2, added("milk", "Milk")));
        pushAs("ann", "g", "ann-phone", fresh(3, memberAdded("bob", Role.EDITOR)));
        pushAs("bob", "g", "bob-phone", fresh(1, added("eggs", "Eggs")));
        pushAs("cyd", "g", "cyd-phone", fresh(1, added("tea", "Tea")));

        List<LogEntry> out = events.readValuesToList();
        assertThat(out).extracting(LogEntry::getUserId).containsExactly("ann", "ann", "ann", "bob", "cyd");
        assertThat(out.get(2).getBody()).isInstanceOfSatisfying(io.offlinesync.schemas.avro.MemberAdded.class,
                a -> assertThat(a.getRole()).isEqualTo(io.offlinesync.schemas.avro.Role.editor));
        assertThat(rejection(out.get(4)).getReason()).isEqualTo("forbidden");
        assertThat(rejection(out.get(4)).getForeignClient()).isNull();

        List<KeyValue<String, ListAccess>> access = members.readKeyValuesToList();
        assertThat(access).extracting(kv -> kv.key).containsOnly("g");
        assertThat(access).extracting(kv -> kv.value).containsExactly(
                access(Map.of("ann", "owner"), Map.of("ann-phone", "ann")),
                access(Map.of("ann", "owner", "bob", "editor"), Map.of("ann-phone", "ann")),
                access(Map.of("ann", "owner", "bob", "editor"), Map.of("ann-phone", "ann", "bob-phone", "bob")),
                access(Map.of("ann", "owner", "bob", "editor"),
                        Map.of("ann-phone", "ann", "bob-phone", "bob", "cyd-phone", "cyd")));
        KeyValueStore<String, SequenceState> lists = driver.getKeyValueStore(SequencerTopology.STORE);
        assertThat(lists.get("g").getMembers()).isEqualTo(Map.of("ann", "owner", "bob", "editor"));

        pushAs("ann", "g", "ann-phone", fresh(4, added("jam", "Jam")), fresh(5, memberAdded("bob", Role.EDITOR)));
        assertThat(members.readValuesToList()).as("nothing changed who may use the list").isEmpty();
    }

    @Test
    void aPushUnderAnotherUsersClientIdIsForbiddenAndLeavesThatClientAsItWas() {
        ClientEvent annsSecond = fresh(2, added("milk", "Milk"));
        pushAs("ann", "g", "ann-phone", fresh(1, created("G")));
        members.readValuesToList();
        KeyValueStore<String, SequencerClient> clients = driver.getKeyValueStore(SequencerTopology.CLIENTS_STORE);
        SequencerClient before = clients.get("g/ann-phone");

        pushAs("mallory", "g", "ann-phone", annsSecond, fresh(3, added("x", "X")));
        pushAs("mallory", "g", "ann-phone", event(1, 1000, created("G")));

        List<LogEntry> out = events.readValuesToList();
        assertThat(out).hasSize(4);
        for (LogEntry entry : out.subList(1, 4)) {
            assertThat(rejection(entry).getReason()).isEqualTo("forbidden");
            assertThat(rejection(entry).getForeignClient()).isTrue();
            assertThat(rejection(entry).getExpectedClientSeq()).isNull();
            assertThat(entry.getUserId()).isEqualTo("mallory");
        }
        assertThat(clients.get("g/ann-phone")).isEqualTo(before);
        assertThat(members.readValuesToList()).isEmpty();

        pushAs("ann", "g", "ann-phone", annsSecond);
        assertThat(events.readValuesToList()).extracting(LogEntry::getClientSeq, e -> e.getBody() instanceof Rejected)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, false));
    }

    @Test
    void batchesWithoutAUserAreSequencedAsBeforeAndALegacyListIsClaimed() {
        push("legacy", "old-phone", event(1, 1000, created("L")), event(2, 1001, added("a", "A")));
        assertThat(events.readValuesToList()).extracting(LogEntry::getUserId).containsOnlyNulls();
        assertThat(members.readValuesToList()).as("created: nobody may use it more than before")
                .containsExactly(access(Map.of(), Map.of()));

        pushAs("bob", "legacy", "bob-laptop", fresh(1, added("b", "B")));
        pushAs("cyd", "legacy", "old-phone", fresh(3, added("c", "C")));

        List<LogEntry> out = events.readValuesToList();
        assertThat(out.get(0).getBody()).isNotInstanceOf(Rejected.class);
        assertThat(rejection(out.get(1)).getReason()).isEqualTo("forbidden");
        assertThat(members.readValuesToList()).extracting(ListAccess::getMembers, ListAccess::getClients).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Map.of("bob", "owner"), Map.of("bob-laptop", "bob")),
                org.assertj.core.groups.Tuple.tuple(Map.of("bob", "owner"), Map.of("bob-laptop", "bob", "old-phone", "cyd")));
    }

    @Test
    void clientOwnersAndMembersOutliveARestartOfTheStores() {
        pushAs("ann", "g", "ann-phone", fresh(1, created("G")), fresh(2, memberAdded("bob", Role.VIEWER)));
        pushAs("bob", "g", "bob-phone", fresh(1, added("x", "X")));
        Map<String, Map<String, Object>> saved = new HashMap<>();
        for (String store : List.of(SequencerTopology.STORE, SequencerTopology.CLIENTS_STORE,
                SequencerTopology.ITEMS_STORE, SequencerTopology.ACCESS_STORE)) {
            Map<String, Object> copy = new HashMap<>();
            try (var all = driver.<String, Object>getKeyValueStore(store).all()) {
                all.forEachRemaining(kv -> copy.put(kv.key, kv.value));
            }
            saved.put(store, copy);
        }

        // a new instance whose stores were restored from their changelogs (what a restart or a rebalance does)
        start(ListLimits.DEFAULTS);
        saved.forEach((store, records) -> records.forEach((k, v) -> driver.<String, Object>getKeyValueStore(store).put(k, v)));
        pushAs("mallory", "g", "bob-phone", fresh(2, added("y", "Y")));
        pushAs("bob", "g", "bob-phone", fresh(2, added("y", "Y")));
        pushAs("ann", "g", "ann-phone", fresh(3, memberAdded("cyd", Role.EDITOR)));

        List<LogEntry> out = events.readValuesToList();
        assertThat(out).extracting(LogEntry::getListVersion).containsExactly(4L, 5L, 6L);
        assertThat(rejection(out.get(0)).getForeignClient()).as("bob-phone is still bob's").isTrue();
        assertThat(rejection(out.get(1)).getReason()).as("bob is still a viewer").isEqualTo("forbidden");
        assertThat(out.get(2).getBody()).isNotInstanceOf(Rejected.class);
        assertThat(members.readValuesToList()).containsExactly(access(Map.of("ann", "owner", "bob", "viewer", "cyd", "editor"),
                Map.of("ann-phone", "ann", "bob-phone", "bob")));
    }

    @Test
    void theMembersBoundIsTheSequencersSetting() {
        start(new ListLimits(10, 10, 64 << 10, 2));
        pushAs("ann", "g", "ann-phone", fresh(1, created("G")), fresh(2, memberAdded("bob", Role.VIEWER)),
                fresh(3, memberAdded("cyd", Role.VIEWER)));
        assertThat(events.readValuesToList().stream().skip(2).map(SequencerTopologyTest::rejection).map(Rejected::getLimit))
                .containsExactly("members");
    }
}
