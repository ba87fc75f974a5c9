package io.offlinesync.schemas;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.renamed;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * The framed serializer writes exactly what the registry serializer writes, and asks it only for each topic's first
 * value; when the registry's bytes are not header + the same body, the registry keeps writing.
 */
class FramedSerializerTest {

    private static final byte[] HEADER = {0, 0, 0, 1, 42};
    private static final RegistryCallDeadline DEADLINE = new RegistryCallDeadline(java.time.Duration.ofSeconds(5), 1);

    /** What Apicurio writes: magic byte, content id, the body of the record's own schema (here Avro's own writer). */
    private static final class Registry implements Serializer<SpecificRecord> {
        final AtomicInteger calls = new AtomicInteger();
        byte[] header = HEADER;
        boolean addsHeader;
        boolean otherBody;

        @Override
        public byte[] serialize(String topic, SpecificRecord data) {
            return serialize(topic, null, data);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public byte[] serialize(String topic, Headers headers, SpecificRecord data) {
            calls.incrementAndGet();
            if (data == null) {
                return null; // as Apicurio's: a tombstone stays one
            }
            if (addsHeader && headers != null) {
                headers.add("schema", "1".getBytes(StandardCharsets.UTF_8));
            }
            byte[] body = new PlainAvroSerde(data.getClass()).serializer().serialize(topic, data);
            if (otherBody) {
                body[body.length - 1] ^= 1;
            }
            byte[] bytes = new byte[header.length + body.length];
            System.arraycopy(header, 0, bytes, 0, header.length);
            System.arraycopy(body, 0, bytes, header.length, body.length);
            return bytes;
        }
    }

    /** Lists of 0 to 300 items, renamed and completed, under every policy's fields. */
    private static List<ListState> states(int count, long seed) {
        Random random = new Random(seed);
        List<ListState> states = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            List<LogEntry> log = new ArrayList<>();
            log.add(accepted(1, "ann", 1, 1000, created("List " + n + " ✓")));
            int items = random.nextInt(300);
            for (int i = 0; i < items; i++) {
                long v = log.size() + 1;
                log.add(accepted(v, "ann", v, 1000 + v, switch (random.nextInt(3)) {
                    case 0 -> added("item-" + random.nextInt(items + 1), "milk " + random.nextInt());
                    case 1 -> renamed("item-" + random.nextInt(items + 1), "oat milk é", 2, clock("bob", v));
                    default -> completed("item-" + random.nextInt(items + 1), 3, clock("ann", v));
                }));
            }
            states.add(ListStateCodec.toAvro(TodoList.fold("list-" + n, log),
                    new SourcePosition(Topics.EVENTS, n % 6, (long) random.nextInt(1_000_000))));
        }
        return states;
    }

    @Test
    void everyValueIsTheRegistrysBytesAndTheRegistryWritesOnlyEachTopicsFirst() {
        Registry registry = new Registry();
        FramedSerializer<SpecificRecord> framed = new FramedSerializer<>(registry, DEADLINE);
        Registry reference = new Registry();
        for (ListState state : states(200, 7)) {
            assertThat(framed.serialize("todo.lists.v1", state))
                    .isEqualTo(reference.serialize("todo.lists.v1", state));
        }
        assertThat(registry.calls).as("only the topic's first value").hasValue(1);

        ListState one = states(1, 8).getFirst();
        assertThat(framed.serialize("todo.lists.v2", one)).isEqualTo(reference.serialize("todo.lists.v2", one));
        assertThat(registry.calls).as("another topic: its own first value").hasValue(2);
        assertThat(framed.framedTopics()).containsExactly("todo.lists.v1", "todo.lists.v2");
        assertThat(framed.serialize("todo.lists.v1", null)).isNull();
    }

    @Test
    void threadsWritingAtOnceGetTheirOwnValuesBytes() {
        FramedSerializer<SpecificRecord> framed = new FramedSerializer<>(new Registry(), DEADLINE);
        Registry reference = new Registry();
        List<ListState> states = states(100, 9);
        framed.serialize("todo.lists.v1", states.getFirst());
        IntStream.range(0, 2_000).parallel().forEach(i -> {
            ListState state = states.get(i % states.size());
            assertThat(framed.serialize("todo.lists.v1", state)).isEqualTo(reference.serialize("todo.lists.v1", state));
        });
    }

    @Test
    void aBodyOtherThanTheRecordsOwnKeepsTheRegistryWriting() {
        Registry registry = new Registry();
        registry.otherBody = true; // as if it wrote with a newer schema than the record's
        assertRegistryKeepsWriting(registry);
    }

    @Test
    void aHeaderOfAnotherShapeKeepsTheRegistryWriting() {
        Registry registry = new Registry();
        registry.header = new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 42}; // not magic byte 0 and a 4-byte id
        assertRegistryKeepsWriting(registry);
    }

    @Test
    void kafkaHeadersAddedByTheRegistryKeepItWriting() {
        Registry registry = new Registry();
        registry.addsHeader = true;
        assertRegistryKeepsWriting(registry);
    }

    private static void assertRegistryKeepsWriting(Registry registry) {
        FramedSerializer<SpecificRecord> framed = new FramedSerializer<>(registry, DEADLINE);
        for (ListState state : states(5, 11)) {
            byte[] bytes = framed.serialize("todo.lists.v1", new org.apache.kafka.common.header.internals.RecordHeaders(), state);
            assertThat(bytes).startsWith(registry.header);
        }
        assertThat(registry.calls).as("every value from the registry").hasValue(5);
        assertThat(framed.framedTopics()).isEmpty();
    }
}
