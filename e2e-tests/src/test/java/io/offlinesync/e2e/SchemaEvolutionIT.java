package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.LogEntry;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.offlinesync.domain.TestEvents;
import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.FramedSerializer;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import io.offlinesync.schemas.RegistrySerdes;
import io.offlinesync.schemas.SchemaRegistrar;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Event schema evolution against the real registry: every recorded version of the event schemas (2: ItemAdded.note,
 * 3: Rejected.limit, 4: LogEntry.userId, Rejected.foreignClient and the member events as new union branches with
 * their Role enum, 5: LogEntry.following, a record as a segment of entries) is accepted under BACKWARD_TRANSITIVE after the ones before it, an incompatible change is refused
 * (a new field without a default, a union branch taken away), and an event written with version 1 still decodes with
 * today's reader (without a user). Also: the serde every service writes with gives exactly the bytes of Apicurio's own
 * serializer, and those bytes read back (it asks Apicurio only for each topic's first value).
 */
class SchemaEvolutionIT {

    private static final String SUBJECT = "todo.events-value";
    private static final Path HISTORY = Path.of(System.getProperty("schemas.history", "../schemas/history"));
    private static RegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        Path root = Files.createDirectories(Path.of(System.getProperty("e2e.work", "target/e2e")).toAbsolutePath());
        registry = RegistryProcess.start(Files.createTempDirectory(root, "schemas-"));
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static Schema version(int n) throws Exception {
        return new Schema.Parser().parse(Files.readString(HISTORY.resolve(SUBJECT).resolve("v" + n + ".avsc")));
    }

    @Test
    void everyVersionIsAcceptedAfterTheOnesBeforeItAndAnIncompatibleChangeIsRefused() throws Exception {
        SchemaRegistrar registrar = new SchemaRegistrar(registry.url());
        int v1 = registrar.register(SUBJECT, version(1));
        int v2 = registrar.register(SUBJECT, version(2));
        int v3 = registrar.register(SUBJECT, version(3));
        int v4 = registrar.register(SUBJECT, version(4));
        int v5 = registrar.register(SUBJECT, io.offlinesync.schemas.avro.LogEntry.getClassSchema());
        assertThat(List.of(v1, v2, v3, v4, v5)).as("a new schema, a new id").doesNotHaveDuplicates();
        assertThat(version(5)).as("version 5 (a record is a segment: following) is the current schema")
                .isEqualTo(io.offlinesync.schemas.avro.LogEntry.getClassSchema());

        // a reader that lost a branch of the body union cannot read the entries of a member event: refused
        Schema withoutMemberRemoved = new Schema.Parser().parse(version(4).toString().replace(
                ",{\"type\":\"record\",\"name\":\"MemberRemoved\"", ",{\"type\":\"record\",\"name\":\"MemberGone\""));
        assertThatThrownBy(() -> registrar.register(SUBJECT, withoutMemberRemoved))
                .hasMessageContaining("refused").hasMessageContaining("409");

        // a field without a default cannot be read from older events: the registry must refuse it
        Schema incompatible = new Schema.Parser().parse(version(2).toString().replace(
                "{\"name\":\"count\",\"type\":\"long\"},",
                "{\"name\":\"count\",\"type\":\"long\"},{\"name\":\"priority\",\"type\":\"int\"},"));
        assertThatThrownBy(() -> registrar.register(SUBJECT, incompatible))
                .hasMessageContaining("refused").hasMessageContaining("409");
    }

    @Test
    void everySubjectsRecordedVersionsAreAcceptedInOrder() throws Exception {
        SchemaRegistrar registrar = new SchemaRegistrar(registry.url());
        List<Path> subjects;
        try (var listing = Files.list(HISTORY)) {
            subjects = listing.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(subjects).extracting(p -> p.getFileName().toString())
                .contains("todo.inbox-value", "todo.members-value", "todo-sequencer-sequencer-access-changelog-value");
        for (Path subject : subjects) {
            List<Path> versions;
            try (var listing = Files.list(subject)) {
                versions = listing.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
                        .sorted(java.util.Comparator.comparingInt(f -> Integer.parseInt(
                                f.getFileName().toString().replaceAll("\\D", "")))).toList();
            }
            for (Path version : versions) {
                // a subject of its own, so this test does not depend on the order the tests run in
                registrar.register("history-" + subject.getFileName(), new Schema.Parser().parse(Files.readString(version)));
            }
        }
    }

    @Test
    void theServicesSerdeWritesApicuriosOwnBytes() throws Exception {
        String topic = "framing.lists";
        new SchemaRegistrar(registry.url()).registerAll(Map.of(Topics.valueSubject(topic), ListState.getClassSchema(),
                Topics.valueSubject(topic + ".events"), io.offlinesync.schemas.avro.LogEntry.getClassSchema()),
                java.time.Duration.ofSeconds(30));
        Serde<SpecificRecord> services = RegistrySerdes.valueSerde(registry.url());
        try (AvroKafkaSerializer<SpecificRecord> apicurio = new AvroKafkaSerializer<>()) {
            apicurio.configure(RegistrySerdes.config(registry.url()), false);
            java.util.Random random = new java.util.Random(5);
            for (int n = 0; n < 100; n++) {
                List<LogEntry> log = new java.util.ArrayList<>();
                log.add(TestEvents.accepted(1, "ann", 1, 1000, TestEvents.created("List " + n)));
                for (int v = 2; v < 2 + random.nextInt(150); v++) {
                    log.add(TestEvents.accepted(v, "ann", v, 1000 + v, random.nextBoolean()
                            ? TestEvents.added("item-" + random.nextInt(v), "Milk é " + v)
                            : TestEvents.completed("item-" + random.nextInt(v), 2, TestEvents.clock("bob", v))));
                }
                ListState state = ListStateCodec.toAvro(TodoList.fold("list-" + n, log),
                        new SourcePosition(Topics.EVENTS, n % 6, (long) n));
                byte[] written = services.serializer().serialize(topic, state);
                assertThat(written).isEqualTo(apicurio.serialize(topic, state));
                assertThat(services.deserializer().deserialize(topic, written)).isEqualTo(state);
                io.offlinesync.schemas.avro.LogEntry entry = EventCodec.toAvro("list-" + n, log.getLast());
                assertThat(services.serializer().serialize(topic + ".events", entry))
                        .isEqualTo(apicurio.serialize(topic + ".events", entry));
            }
        }
        assertThat(((FramedSerializer<SpecificRecord>) services.serializer()).framedTopics())
                .as("written without Apicurio after the first value").containsExactly(topic, topic + ".events");
    }

    @Test
    void anEventWrittenWithVersion1StillDecodes() throws Exception {
        Schema v1 = version(1);
        int id = new SchemaRegistrar(registry.url()).register(SUBJECT + "-old-events", v1);

        Schema itemAdded = v1.getField("body").schema().getTypes().stream()
                .filter(s -> s.getName().equals("ItemAdded")).findFirst().orElseThrow();
        GenericRecord body = new GenericData.Record(itemAdded);
        body.put("itemId", "milk");
        body.put("title", "Buy milk");
        body.put("count", 1L);
        body.put("vclock", Map.of("ann", 1L));
        GenericRecord at = new GenericData.Record(v1.getField("at").schema().getTypes().get(1));
        at.put("ms", 1_764_150_000_000L);
        at.put("n", 0L);
        GenericRecord entry = new GenericData.Record(v1);
        entry.put("listId", "groceries");
        entry.put("listVersion", 2L);
        entry.put("clientId", "ann");
        entry.put("serverMs", 1_764_150_000_500L);
        entry.put("eventId", "0b9e0000-0000-4000-8000-000000000002");
        entry.put("clientSeq", 2L);
        entry.put("at", at);
        entry.put("body", body);

        // the Confluent wire format, as a version-1 producer wrote it: magic 0, the schema id, Avro binary
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1).write(entry, encoder);
        encoder.flush();

        io.offlinesync.schemas.avro.LogEntry read = RegistrySerdes.<io.offlinesync.schemas.avro.LogEntry>valueSerde(
                registry.url()).deserializer().deserialize("todo.events", out.toByteArray());
        LogEntry decoded = EventCodec.fromAvro(read);
        assertThat(decoded).isInstanceOfSatisfying(LogEntry.Accepted.class, accepted ->
                assertThat(accepted.event().body()).isEqualTo(
                        new EventBody.ItemAdded("milk", "Buy milk", 1, new io.offlinesync.domain.VClock(Map.of("ann", 1L)), null)));
        assertThat(decoded.listVersion()).isEqualTo(2);
        assertThat(decoded.userId()).as("written before users were stamped").isNull();
    }
}
