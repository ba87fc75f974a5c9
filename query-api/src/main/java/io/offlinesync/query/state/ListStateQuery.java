package io.offlinesync.query.state;

import io.offlinesync.query.catchup.EventIndexTopology;
import io.offlinesync.query.cluster.ReadContext;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.streams.ManagedStreams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads a list's projected state from the local copy of a projection's topic (todo.lists.vN). */
public final class ListStateQuery {

    private final Map<String, Supplier<ReadOnlyKeyValueStore<String, ListState>>> stores = new LinkedHashMap<>();

    /** Over the stores of a running query-api application, one per served projection. */
    public ListStateQuery(ManagedStreams streams, List<String> projections) {
        this(projections, projection -> () -> streams.streams().store(ReadContext.parameters(
                EventIndexTopology.listsStore(projection), QueryableStoreTypes.<String, ListState>keyValueStore())));
    }

    /** Over any stores of list states (a TopologyTestDriver's in tests); each looked up on every read. */
    public ListStateQuery(List<String> projections,
                          Function<String, Supplier<ReadOnlyKeyValueStore<String, ListState>>> storeOf) {
        projections.forEach(p -> stores.put(p, storeOf.apply(p)));
    }

    /** The projections served here, in configured order. */
    public Set<String> projections() {
        return stores.keySet();
    }

    /** The list's state in {@code projection} (one of {@link #projections()}), or empty while it has no accepted ListCreated. */
    public Optional<ListState> read(String listId, String projection) {
        Supplier<ReadOnlyKeyValueStore<String, ListState>> store = stores.get(projection);
        if (store == null) {
            throw new IllegalArgumentException("projection " + projection + " is not served here");
        }
        return Optional.ofNullable(store.get().get(listId)).filter(ListState::getCreated);
    }
}
