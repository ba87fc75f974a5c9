package io.offlinesync.domain.projection;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the platform needs to know of any projection's state of a list: whether the list exists (a state without an
 * accepted {@code ListCreated} is served as 404), its title (the caller's lists), the last listVersion folded, and
 * each client's last consumed clientSeq (the read-your-writes fence, catch-up's {@code clientSeqs}).
 */
public record ListFacts(String listId, boolean created, String title, long listVersion, Map<String, Long> clientSeqs) {

    /**
     * {@code clientSeqs} sorted by clientId (stable JSON). A sorted map is kept as given, unchanged and uncopied: the
     * facts of a state are read on every flush of the server's fold, and copying up to a list's 1,000 clients there
     * would be wasted; such a map may be a read-only view of the state's own, so read it before the state's next apply.
     */
    public ListFacts {
        clientSeqs = clientSeqs instanceof SortedMap<String, Long> sorted ? Collections.unmodifiableSortedMap(sorted)
                : Collections.unmodifiableSortedMap(new TreeMap<>(clientSeqs));
    }
}
