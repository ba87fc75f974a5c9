package io.offlinesync.projector.projection;

import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.SourcePosition;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Attaches the record's topic, partition and offset, so the state can say where it was read. */
final class PositionTagger implements FixedKeyProcessor<String, LogEntry, PositionedEntry> {

    private FixedKeyProcessorContext<String, PositionedEntry> context;

    @Override
    public void init(FixedKeyProcessorContext<String, PositionedEntry> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, LogEntry> record) {
        SourcePosition position = context.recordMetadata()
                .map(m -> new SourcePosition(m.topic(), m.partition(), m.offset()))
                .orElse(null);
        context.forward(record.withValue(new PositionedEntry(record.value(), position)));
    }
}
