package io.offlinesync.schemas.projection;

import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.projection.Projection;
import io.offlinesync.domain.projection.TodoListProjection;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;

/**
 * Projections v1 and v2 as stored: both in the {@link ListState} record (v1 leaves v2's fields null). Registered as
 * services like any other projection ({@link TodoListStore.V1}, {@link TodoListStore.V2}).
 */
public abstract sealed class TodoListStore implements StoredProjection<TodoList, ListState> {

    private final TodoListProjection projection;

    private TodoListStore(TodoListProjection projection) {
        this.projection = projection;
    }

    @Override
    public Projection<TodoList> projection() {
        return projection;
    }

    @Override
    public Class<ListState> recordType() {
        return ListState.class;
    }

    @Override
    public TodoList fromRecord(ListState record) {
        return ListStateCodec.fromAvro(record);
    }

    @Override
    public SourcePosition source(ListState record) {
        return record.getSource();
    }

    public static final class V1 extends TodoListStore {
        public V1() {
            super(TodoListProjection.V1);
        }

        @Override
        public ListState toRecord(TodoList state, SourcePosition source) {
            return ListStateCodec.toAvro(state, source);
        }
    }

    public static final class V2 extends TodoListStore {
        public V2() {
            super(TodoListProjection.V2);
        }

        @Override
        public ListState toRecord(TodoList state, SourcePosition source) {
            return ListStateCodec.toAvroV2(state, source);
        }
    }
}
