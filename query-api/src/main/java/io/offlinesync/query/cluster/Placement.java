package io.offlinesync.query.cluster;

import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a key's partition of a store lives, as the Kafka Streams group last assigned it.
 *
 * @param partition the key's partition
 * @param active    the instance with the active task, or null when none has it (the owner left and the
 *                  group has not reassigned it yet)
 * @param standbys  the instances with a standby copy
 */
public record Placement(int partition, HostInfo active, List<HostInfo> standbys) {

    public Placement {
        standbys = List.copyOf(standbys);
    }
}
