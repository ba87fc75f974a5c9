package io.offlinesync.projector.projection;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.SourcePosition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes a todo.events record and attaches its topic, partition and offset, so the state can say where
 * it was read. It decodes the bytes the source hands over as the fold's re-read after a restart decodes the
 * records it reads ({@link ListFoldProcessor}).
 */
final class PositionTagger implements FixedKeyProcessor<String, byte[], PositionedEntry> {

    private final Deserializer<LogEntry> entries;
    private FixedKeyProcessorContext<String, PositionedEntry> context;

    PositionTagger(Deserializer<LogEntry> entries) {
        this.entries = entries;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, PositionedEntry> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        LogEntry entry = entries.deserialize(Topics.EVENTS, record.headers(), record.value());
        SourcePosition position = context.recordMetadata()
                .map(m -> new SourcePosition(m.topic(), m.partition(), m.offset()))
                .orElse(null);
        context.forward(record.withValue(new PositionedEntry(entry, position)));
    }
}
