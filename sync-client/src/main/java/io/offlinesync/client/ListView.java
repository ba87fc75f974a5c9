package io.offlinesync.client;

import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a device shows for a list: the fold of its synced log with its pending events applied on top.
 * {@code syncedVersion} is the listVersion of the last log entry the device has; {@code pendingEdits} how
 * many of its events are not in the log yet. {@code created} is false while neither the log (or the
 * snapshot it was joined from) nor a pending event creates the list. {@code members} (protocol v1.1) are the
 * list's members, user id -> role, pending member edits applied as if accepted.
 */
public record ListView(String listId, boolean created, String title, Policy policy, long syncedVersion,
                       List<ItemView> items, int pendingEdits, Map<String, Role> members) {

    public ListView {
        items = List.copyOf(items);
        members = Collections.unmodifiableMap(new TreeMap<>(members));
    }

    /** The item with this id, or null when it is not shown. */
    public ItemView item(String itemId) {
        return items.stream().filter(i -> i.itemId().equals(itemId)).findFirst().orElse(null);
    }
}
