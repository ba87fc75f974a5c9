package io.offlinesync.projector.projection;

import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.SourcePosition;

/**
 * A todo.events record with the position it was read from: a segment, one entry and those that followed it in its
 * sequenced batch ({@link io.offlinesync.schemas.EventCodec#entriesOf}). Never serialized itself.
 */
record PositionedEntry(LogEntry entry, SourcePosition position) {}
