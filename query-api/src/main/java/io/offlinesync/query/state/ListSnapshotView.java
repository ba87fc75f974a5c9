package io.offlinesync.query.state;

import io.offlinesync.protocol.ListSnapshotJson;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;

/**
 * The body of {@code GET /v1/lists/{listId}?registers=true}: the plain state plus every register's kept
 * writes, so a joining device can restore the fold and pull only the tail. Rendered by the protocol
 * module's codec, the same one the SDK reads it with.
 */
public final class ListSnapshotView {

    private ListSnapshotView() {
    }

    public static String render(ListState state, String projection) {
        SourcePosition pos = state.getSource();
        return ListSnapshotJson.write(ListStateCodec.fromAvro(state), projection,
                pos == null ? null : new ListSnapshotJson.Source(pos.getTopic(), pos.getPartition(), pos.getOffset()));
    }
}
