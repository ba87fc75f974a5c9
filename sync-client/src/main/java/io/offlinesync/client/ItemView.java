package io.offlinesync.client;

import java.util.List;
import java.util.Map;

/**
 * One item as the device shows it. {@code pending} is true while one of this device's edits of the item is
 * not in the server's log yet; {@code conflicts} maps a register ({@code title}, {@code completed}) to its
 * distinct sibling values under the {@code vector} policy, empty when none.
 */
public record ItemView(String itemId, String title, boolean completed, Map<String, List<Object>> conflicts,
                       boolean pending) {

    public ItemView {
        conflicts = Map.copyOf(conflicts);
    }
}
