package io.offlinesync.projector.projection;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.TestInputTopic;

/**
 * Partition 0 of todo.events as a test wrote it, committed up to its end (TopologyTestDriver commits after
 * every record): what a projection task reads again from its fold marker. Records are appended in the order,
 * and so with the offsets, the test pipes them into the driver.
 */
final class InMemoryEvents implements EventsPartitionReader {

    private static final PlainAvroSerde<io.offlinesync.schemas.avro.LogEntry> ENTRIES =
            new PlainAvroSerde<>(io.offlinesync.schemas.avro.LogEntry.class);

    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    /** The offsets each read started from. */
    final List<Long> readsFrom = new ArrayList<>();
    /** Records handed over by every read together. */
    long handedOver;

    static byte[] bytes(String listId, LogEntry entry) {
        return ENTRIES.serializer().serialize(Topics.EVENTS, EventCodec.toAvro(listId, entry));
    }

    /** A record of consecutive entries of one list, as the sequencer writes a batch's. */
    static byte[] segment(String listId, List<LogEntry> entries) {
        List<io.offlinesync.schemas.avro.LogEntry> records = EventCodec.segments(listId, entries, entries.size());
        if (records.size() != 1) {
            throw new IllegalArgumentException("not one segment: " + entries);
        }
        return ENTRIES.serializer().serialize(Topics.EVENTS, records.getFirst());
    }

    /** Appends the entry at the next offset and returns that offset. */
    long append(String listId, LogEntry entry, long timestamp) {
        return append(listId, bytes(listId, entry), timestamp);
    }

    /** Appends a record of these bytes (an entry, or not) at the next offset and returns that offset. */
    long append(String listId, byte[] value, long timestamp) {
        long offset = records.size();
        records.add(new ConsumerRecord<>(Topics.EVENTS, 0, offset, timestamp, TimestampType.CREATE_TIME, 0, 0,
                listId.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(), Optional.empty()));
        return offset;
    }

    /** Appends the entry and pipes it into the driver, at the same offset. */
    void pipe(TestInputTopic<String, byte[]> topic, String listId, LogEntry entry, long timestamp) {
        append(listId, entry, timestamp);
        topic.pipeInput(listId, bytes(listId, entry), timestamp);
    }

    @Override
    public long read(String applicationId, Map<String, Object> appConfigs, int partition, long from,
                     Consumer<ConsumerRecord<byte[], byte[]>> each) {
        readsFrom.add(from);
        long n = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.partition() == partition && record.offset() >= from) {
                each.accept(record);
                n++;
            }
        }
        handedOver += n;
        return n;
    }
}
