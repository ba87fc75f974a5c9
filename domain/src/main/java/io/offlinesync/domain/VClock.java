package io.offlinesync.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A vector clock: clientId -> number of that client's writes seen. Immutable. */
public record VClock(Map<String, Long> entries) {

    public static final VClock EMPTY = new VClock(Map.of());

    public enum Order { BEFORE, AFTER, EQUAL, CONCURRENT }

    public VClock {
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    public long get(String clientId) {
        return entries.getOrDefault(clientId, 0L);
    }

    /** How this clock relates to {@code other}: BEFORE means other dominates this. */
    public Order compare(VClock other) {
        boolean less = false;
        boolean greater = false;
        TreeMap<String, Long> keys = new TreeMap<>(entries);
        keys.putAll(other.entries);
        for (String key : keys.keySet()) {
            long mine = get(key);
            long theirs = other.get(key);
            if (mine < theirs) {
                less = true;
            } else if (mine > theirs) {
                greater = true;
            }
        }
        if (less && greater) {
            return Order.CONCURRENT;
        }
        if (less) {
            return Order.BEFORE;
        }
        return greater ? Order.AFTER : Order.EQUAL;
    }

    public VClock merge(VClock other) {
        TreeMap<String, Long> merged = new TreeMap<>(entries);
        other.entries.forEach((k, v) -> merged.merge(k, v, Math::max));
        return new VClock(merged);
    }

    /** This clock with {@code clientId}'s entry one higher (held at {@link EventBounds#MAX_COUNTER}). */
    public VClock tick(String clientId) {
        TreeMap<String, Long> next = new TreeMap<>(entries);
        next.merge(clientId, 1L, (held, one) -> EventBounds.next(held));
        return new VClock(next);
    }
}
