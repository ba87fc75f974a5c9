package io.offlinesync.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An item of a list: its two registers and, once deleted, its tombstone. {@code addedVersion} is the
 * listVersion of its first ItemAdded (0 for an item known only from a deletion).
 */
public record Item(String itemId, long addedVersion, Long deletedVersion,
                   Register<String> title, Register<Boolean> completed) {

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

    Item withTitle(Register<String> next) {
        return new Item(itemId, addedVersion, deletedVersion, next, completed);
    }

    Item withCompleted(Register<Boolean> next) {
        return new Item(itemId, addedVersion, deletedVersion, title, next);
    }

    Item deletedAt(long listVersion) {
        return new Item(itemId, addedVersion, listVersion, title, completed);
    }
}
