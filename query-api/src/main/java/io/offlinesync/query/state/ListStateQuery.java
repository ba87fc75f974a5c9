package io.offlinesync.query.state;

import io.offlinesync.query.catchup.EventIndexTopology;
import io.offlinesync.query.cluster.ReadContext;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.streams.ManagedStreams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a list's projected state from the local copy of a projection's topic (todo.lists.vN). The copy holds
 * the topic's bytes as they are; a read decodes the one state it serves.
 */
public final class ListStateQuery {

    private final Map<String, Supplier<ReadOnlyKeyValueStore<String, byte[]>>> stores = new LinkedHashMap<>();
    private final Deserializer<ListState> states;

    /** Over the stores of a running query-api application, one per served projection. */
    public ListStateQuery(ManagedStreams streams, List<String> projections, ValueSerdes serdes) {
        this(projections, projection -> () -> streams.streams().store(ReadContext.parameters(
                EventIndexTopology.listsStore(projection), QueryableStoreTypes.<String, byte[]>keyValueStore())),
                serdes.forType(ListState.class).deserializer());
    }

    /**
     * Over any stores of list states (a TopologyTestDriver's in tests), each looked up on every read, their
     * values decoded by {@code states}.
     */
    public ListStateQuery(List<String> projections,
                          Function<String, Supplier<ReadOnlyKeyValueStore<String, byte[]>>> storeOf,
                          Deserializer<ListState> states) {
        projections.forEach(p -> stores.put(p, storeOf.apply(p)));
        this.states = states;
    }

    /** The projections served here, in configured order. */
    public Set<String> projections() {
        return stores.keySet();
    }

    /** The list's state in {@code projection} (one of {@link #projections()}), or empty while it has no accepted ListCreated. */
    public Optional<ListState> read(String listId, String projection) {
        Supplier<ReadOnlyKeyValueStore<String, byte[]>> store = stores.get(projection);
        if (store == null) {
            throw new IllegalArgumentException("projection " + projection + " is not served here");
        }
        byte[] bytes = store.get().get(listId);
        return Optional.ofNullable(bytes == null ? null : states.deserialize(Topics.lists(projection), bytes))
                .filter(ListState::getCreated);
    }
}
