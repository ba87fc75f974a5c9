package io.offlinesync.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An item of a list: its two registers and, once deleted, its tombstone. {@code addedVersion} is the
 * listVersion of its first ItemAdded (0 for an item known only from a deletion). {@code addedAtMs} and
 * {@code updatedAtMs} are the server times ({@code serverMs}) of the log entries that added the item and
 * last wrote it; 0 when unknown (a state restored from a projection that does not keep them).
 */
public record Item(String itemId, long addedVersion, Long deletedVersion,
                   Register<String> title, Register<Boolean> completed, long addedAtMs, long updatedAtMs) {

    /** An item without server times (states that do not keep them, such as v1's). */
    public Item(String itemId, long addedVersion, Long deletedVersion,
                Register<String> title, Register<Boolean> completed) {
        this(itemId, addedVersion, deletedVersion, title, completed, 0, 0);
    }

    public boolean deleted() {
        return deletedVersion != null;
    }

    /** Shown to users: added and not deleted. */
    public boolean visible() {
        return !deleted() && addedVersion > 0 && !title.isEmpty();
    }

    /**
     * The registers in conflict (vector siblings holding two or more distinct values), by register name
     * ({@code title}, {@code completed}), each with its distinct values in stamp order; empty if none.
     */
    public Map<String, List<Object>> conflicts() {
        Map<String, List<Object>> conflicts = new LinkedHashMap<>();
        if (!title.isEmpty() && title.inConflict()) {
            conflicts.put("title", List.copyOf(title.distinctValues()));
        }
        if (!completed.isEmpty() && completed.inConflict()) {
            conflicts.put("completed", List.copyOf(completed.distinctValues()));
        }
        return conflicts;
    }

    /** Whether the item is shown and its completed register says done. */
    public boolean done() {
        return !completed.isEmpty() && completed.value();
    }

    Item withTitle(Register<String> next) {
        return new Item(itemId, addedVersion, deletedVersion, next, completed, addedAtMs, updatedAtMs);
    }

    Item withCompleted(Register<Boolean> next) {
        return new Item(itemId, addedVersion, deletedVersion, title, next, addedAtMs, updatedAtMs);
    }

    Item deletedAt(long listVersion) {
        return new Item(itemId, addedVersion, listVersion, title, completed, addedAtMs, updatedAtMs);
    }

    /** The same item last written at server time {@code serverMs}; also its addition time if it had none. */
    Item writtenAt(long serverMs) {
        return new Item(itemId, addedVersion, deletedVersion, title, completed,
                addedAtMs == 0 && addedVersion > 0 ? serverMs : addedAtMs, serverMs);
    }
}
