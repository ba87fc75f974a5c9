package io.offlinesync.gateway.inbox;

import java.util.ArrayList;
import java.util.List;

/**
 * What a topic's replication means for a 202 (acks=all waits for the in-sync replicas, and at least
 * {@code min.insync.replicas} of them): one replica, or a minimum of one in sync, lets the loss of a single
 * broker lose pushes already answered 202. Fine on a laptop, not in production: said once, at startup.
 *
 * @param topic             the topic
 * @param replicationFactor the fewest replicas of any of its partitions
 * @param minInSyncReplicas its effective {@code min.insync.replicas} (the broker's default when not set)
 */
public record TopicDurability(String topic, int replicationFactor, int minInSyncReplicas) {

    /** The warnings for this topic; none when one broker can fail without losing an acknowledged push. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (replicationFactor <= 1) {
            warnings.add("topic " + topic + " has replication factor " + replicationFactor + ": losing its broker "
                    + "loses pushes already answered 202; use 3 replicas and min.insync.replicas=2 in production");
        } else if (minInSyncReplicas <= 1) {
            warnings.add("topic " + topic + " has min.insync.replicas=" + minInSyncReplicas + " (replication factor "
                    + replicationFactor + "): acks=all is then met by the leader alone once its followers fall "
                    + "behind, and losing that broker loses pushes already answered 202; set min.insync.replicas=2");
        }
        if (minInSyncReplicas > replicationFactor) {
            warnings.add("topic " + topic + " has min.insync.replicas=" + minInSyncReplicas + " but only "
                    + replicationFactor + " replicas: every push will be refused (503)");
        }
        return warnings;
    }
}
