package io.offlinesync.streams.projections;

import java.util.Map;
import java.util.TreeMap;

/**
 * How far a projection's Kafka Streams application is behind todo.events, per partition: the end offset
 * minus the offset its consumer group committed (a partition it never committed counts from 0).
 *
 * @param projection    e.g. {@code v2}, or {@code v1-check} for a copy
 * @param applicationId its consumer group
 * @param partitions    partition -> lag
 * @param members       live members of the group (a running instance)
 */
public record ProjectionLag(String projection, String applicationId, Map<Integer, Long> partitions, int members) {

    public ProjectionLag {
        partitions = new TreeMap<>(partitions);
    }

    public long total() {
        return partitions.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Caught up: lag 0 on every partition of todo.events. */
    public boolean caughtUp() {
        return partitions.values().stream().allMatch(l -> l == 0);
    }
}
