package io.offlinesync.domain.projection;

import java.util.Map;

/**
 * What the platform needs to know of any projection's state of a list: whether the list exists (a state without an
 * accepted {@code ListCreated} is served as 404), its title (the caller's lists), the last listVersion folded, and
 * each client's last consumed clientSeq (the read-your-writes fence, catch-up's {@code clientSeqs}).
 */
public record ListFacts(String listId, boolean created, String title, long listVersion, Map<String, Long> clientSeqs) {

    public ListFacts {
        clientSeqs = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(clientSeqs)); // sorted: stable JSON
    }
}
