package io.offlinesync.projector.projection;

import io.offlinesync.schemas.Topics;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's fold marker: the todo.events offset of the oldest entry folded into a list whose state is not
 * stored yet, or none when every folded entry is stored. It lives in a small logged store of its own, keyed by
 * the task's partition, and is written only when it changes: set by the first entry a flush will have to
 * store, deleted by that flush (see {@link ListFoldProcessor}).
 */
final class FoldMarker {

    static final long NONE = -1;

    private final KeyValueStore<String, Long> store;
    private final String key;
    private long offset;

    FoldMarker(KeyValueStore<String, Long> store, int partition) {
        this.store = store;
        this.key = Topics.EVENTS + "-" + partition;
        Long stored = store.get(key);
        this.offset = stored == null ? NONE : stored;
    }

    /** The stored offset, or {@link #NONE}. */
    long offset() {
        return offset;
    }

    boolean isSet() {
        return offset != NONE;
    }

    void set(long entryOffset) {
        store.put(key, entryOffset);
        offset = entryOffset;
    }

    void delete() {
        if (isSet()) {
            store.delete(key);
            offset = NONE;
        }
    }
}
