package io.offlinesync.examples.archive;

import io.offlinesync.domain.TodoList;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A list's state under projection v3: the platform's fold ({@link TodoList}, all its conflict rules), when each
 * done item was completed, and the log's clock. Mutable like the TodoList it holds (the server folds millions of
 * entries); {@link ArchiveProjection#copy} gives an independent one.
 */
public final class ArchiveState {

    private final TodoList list;
    private final TreeMap<String, Long> completedAtMs;
    private long logTimeMs;

    /** {@code completedAtMs}: itemId -> serverMs that made it done, for the items visible and done only. */
    public ArchiveState(TodoList list, Map<String, Long> completedAtMs, long logTimeMs) {
        this.list = list;
        this.completedAtMs = new TreeMap<>(completedAtMs);
        this.logTimeMs = logTimeMs;
    }

    public TodoList list() {
        return list;
    }

    /** itemId -> serverMs of the entry that made the item done (visible and done items only), by itemId. */
    public Map<String, Long> completedAtMs() {
        return Collections.unmodifiableMap(completedAtMs);
    }

    /** The greatest serverMs of every entry folded, accepted or rejected; 0 before the first. */
    public long logTimeMs() {
        return logTimeMs;
    }

    void completed(String itemId, long serverMs) {
        completedAtMs.put(itemId, serverMs);
    }

    void notDone(String itemId) {
        completedAtMs.remove(itemId);
    }

    void logTimeAtLeast(long serverMs) {
        logTimeMs = Math.max(logTimeMs, serverMs);
    }
}
