package io.offlinesync.projector.projection;

import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.SourcePosition;

/** A log entry with the todo.events position it was read from. Never serialized itself. */
record PositionedEntry(LogEntry entry, SourcePosition position) {}
