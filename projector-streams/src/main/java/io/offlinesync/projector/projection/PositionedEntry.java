package io.offlinesync.projector.projection;

import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.SourcePosition;

/**
 * A log entry with the todo.events position it was read from and its bytes as read (kept so the pending
 * store stores them as they are instead of encoding the entry again). Never serialized itself.
 */
record PositionedEntry(LogEntry entry, byte[] bytes, SourcePosition position) {}
