package io.offlinesync.query.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which query-api instance hosts a key of a store, active or standby, and how far behind this instance's
 * own copies are: the metadata half of scale-out, apart from both the topology and the HTTP forwarding.
 */
public interface StoreLocator {

    /** This instance, as the others know it ({@code application.server}). */
    HostInfo self();

    /** Where {@code key} of {@code store} lives; empty while the group has not assigned the store yet. */
    Optional<Placement> locate(String store, String key);

    /**
     * How many changelog records this instance's copy of {@code partition} is behind, the most of all
     * {@code stores} (one task's stores); empty when it has no copy of one of them. A running active
     * copy is 0 behind.
     */
    OptionalLong localLag(List<String> stores, int partition);

    /**
     * The hosts (names or addresses) the group's instances advertise, this one included: where a forwarded
     * read may come from when no cluster token is set.
     */
    default Set<String> instanceHosts() {
        return Set.of(self().host());
    }

    /** For operators: every instance of the group with what it hosts, and this instance's copies' lags. */
    Map<String, Object> describe();
}
