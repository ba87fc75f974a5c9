package io.offlinesync.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.domain.VClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * A todo.events record is a segment of consecutive entries of one list (version 5 of the event schemas): what the
 * sequencer writes for a batch must read back as exactly the batch's entries, in order, and a record written before
 * segments must read as the one entry it is.
 */
class LogSegmentsTest {

    private static LogEntry added(long version, String clientId, long serverMs, long clientSeq, String userId) {
        return new LogEntry.Accepted(version, clientId, serverMs, new ClientEvent("e-" + clientId + "-" + clientSeq,
                clientSeq, new Hlc(1_000 + clientSeq, 0),
                new EventBody.ItemAdded("item-" + clientSeq, "title " + clientSeq, 1, VClock.EMPTY.tick(clientId), null)),
                userId);
    }

    private static LogEntry rejected(long version, String clientId, long serverMs, long clientSeq, String userId) {
        return new LogEntry.Rejected(version, clientId, serverMs, "r-" + clientSeq, clientSeq, RejectReason.GAP,
                clientSeq - 1, null, userId, false);
    }

    @Test
    void aBatchsEntriesAreOneRecordThatReadsBackAsThoseEntries() {
        List<LogEntry> batch = List.of(
                new LogEntry.Accepted(1, "phone", 50, new ClientEvent("e0", 1, new Hlc(10, 0),
                        new EventBody.ListCreated("Groceries", Policy.VECTOR)), "ann"),
                added(2, "phone", 50, 2, "ann"), rejected(3, "phone", 50, 4, "ann"), added(4, "phone", 50, 3, "ann"));

        List<io.offlinesync.schemas.avro.LogEntry> records = EventCodec.segments("groceries", batch, 100);

        assertThat(records).hasSize(1);
        assertThat(records.getFirst().getListId()).isEqualTo("groceries");
        assertThat(records.getFirst().getFollowing()).hasSize(3);
        assertThat(EventCodec.entryCount(records.getFirst())).isEqualTo(4);
        assertThat(EventCodec.lastVersion(records.getFirst())).isEqualTo(4);
        assertThat(EventCodec.entriesOf(records.getFirst())).containsExactlyElementsOf(batch);
        assertThat(EventCodec.entriesOf(roundTrip(records.getFirst()))).containsExactlyElementsOf(batch);
        assertThatThrownBy(() -> EventCodec.fromAvro(records.getFirst())).as("never read as its first entry alone")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entriesOf");
        assertThat(EventCodec.fromAvro(EventCodec.toAvro("groceries", batch.get(1)))).isEqualTo(batch.get(1));
    }

    @Test
    void aSegmentEndsAtItsBoundAndWhereClientTimeUserOrVersionsChange() {
        List<LogEntry> entries = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            entries.add(added(v, "phone", 50, v, "ann"));
        }
        entries.add(added(6, "laptop", 50, 1, "ann"));     // another client
        entries.add(added(7, "laptop", 60, 2, "ann"));     // another server time
        entries.add(added(8, "laptop", 60, 3, "bob"));     // another user
        entries.add(added(10, "laptop", 60, 4, "bob"));    // not consecutive

        List<io.offlinesync.schemas.avro.LogEntry> records = EventCodec.segments("l", entries, 3);

        assertThat(records).extracting(EventCodec::entryCount).containsExactly(3, 2, 1, 1, 1, 1);
        assertThat(records.stream().flatMap(r -> EventCodec.entriesOf(r).stream()).toList())
                .containsExactlyElementsOf(entries);
        assertThat(EventCodec.segments("l", List.of(), 3)).isEmpty();
        assertThatThrownBy(() -> EventCodec.segments("l", entries, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordWrittenBeforeSegmentsReadsAsTheOneEntryItIs() throws IOException {
        Schema v4 = new Schema.Parser().parse(Files.readString(Path.of("history/todo.events-value/v4.avsc")));
        GenericRecord old = new GenericData.Record(v4);
        old.put("listId", "l");
        old.put("listVersion", 7L);
        old.put("clientId", "phone");
        old.put("serverMs", 50L);
        old.put("eventId", "e7");
        old.put("clientSeq", 3L);
        old.put("at", null);
        Schema rejectedSchema = v4.getField("body").schema().getTypes().stream()
                .filter(s -> s.getName().equals("Rejected")).findFirst().orElseThrow();
        GenericRecord body = new GenericData.Record(rejectedSchema);
        body.put("reason", "gap");
        body.put("expectedClientSeq", 2L);
        body.put("limit", null);
        body.put("foreignClient", null);
        old.put("body", body);
        old.put("userId", "ann");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v4).write(old, encoder);
        encoder.flush();

        io.offlinesync.schemas.avro.LogEntry read = new SpecificDatumReader<io.offlinesync.schemas.avro.LogEntry>(v4,
                io.offlinesync.schemas.avro.LogEntry.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(EventCodec.entriesOf(read))
                .containsExactly(new LogEntry.Rejected(7, "phone", 50, "e7", 3, RejectReason.GAP, 2L, null, "ann", false));
    }

    private static io.offlinesync.schemas.avro.LogEntry roundTrip(io.offlinesync.schemas.avro.LogEntry record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new org.apache.avro.specific.SpecificDatumWriter<>(io.offlinesync.schemas.avro.LogEntry.class)
                    .write(record, encoder);
            encoder.flush();
            return new SpecificDatumReader<>(io.offlinesync.schemas.avro.LogEntry.class)
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
