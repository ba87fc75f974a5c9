package io.offlinesync.query.state;

import io.offlinesync.domain.TodoList;
import io.offlinesync.protocol.ListSnapshotJson;
import io.offlinesync.schemas.avro.SourcePosition;

/**
 * The body of {@code GET /v1/lists/{listId}?registers=true}: the plain state plus every register's kept
 * writes, so a joining device can restore the fold and pull only the tail. Rendered by the protocol
 * module's codec, the same one the SDK reads it with.
 */
public final class ListSnapshotView {

    private ListSnapshotView() {
    }

    /** {@code list}: the state of a projection of the domain's fold (v1, v2), {@code pos} where it was folded to. */
    public static String render(TodoList list, String projection, SourcePosition pos) {
        return ListSnapshotJson.write(list, projection,
                pos == null ? null : new ListSnapshotJson.Source(pos.getTopic(), pos.getPartition(), pos.getOffset()));
    }
}
