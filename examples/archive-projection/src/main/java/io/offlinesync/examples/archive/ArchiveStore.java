package io.offlinesync.examples.archive;

import io.offlinesync.domain.projection.Projection;
import io.offlinesync.examples.archive.avro.TodoArchiveState;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.avro.SourcePosition;
import io.offlinesync.schemas.projection.StoredProjection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Projection v3 as the server stores it: {@link TodoArchiveState}, the platform's ListState (the whole TodoList with
 * its registers, and the source position) plus completion times and log time, so a fold restored from the record
 * goes on exactly as if it had never stopped. Found by the platform through
 * {@code META-INF/services/io.offlinesync.schemas.projection.StoredProjection}.
 */
public final class ArchiveStore implements StoredProjection<ArchiveState, TodoArchiveState> {

    @Override
    public Projection<ArchiveState> projection() {
        return ArchiveProjection.INSTANCE;
    }

    @Override
    public Class<TodoArchiveState> recordType() {
        return TodoArchiveState.class;
    }

    @Override
    public TodoArchiveState toRecord(ArchiveState state, SourcePosition source) {
        return TodoArchiveState.newBuilder()
                .setList(ListStateCodec.toAvro(state.list(), source))
                .setCompletedAtMs(new TreeMap<>(state.completedAtMs())) // a copy: the state goes on changing
                .setLogTimeMs(state.logTimeMs())
                .setArchived(ArchiveProjection.archivedItems(state).stream().map(Map.Entry::getKey).toList())
                .build();
    }

    @Override
    public ArchiveState fromRecord(TodoArchiveState record) {
        return new ArchiveState(ListStateCodec.fromAvro(record.getList()), record.getCompletedAtMs(),
                record.getLogTimeMs());
    }

    @Override
    public SourcePosition source(TodoArchiveState record) {
        return record.getList().getSource();
    }
}
