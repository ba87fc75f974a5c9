package io.offlinesync.query.state;

import io.offlinesync.query.catchup.EventIndexTopology;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.streams.ManagedStreams;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads a list's projected state from the local copy of todo.lists.v1. */
public final class ListStateQuery {

    private final Supplier<ReadOnlyKeyValueStore<String, ListState>> lists;

    /** Over the store of a running query-api application. */
    public ListStateQuery(ManagedStreams streams) {
        this(() -> streams.streams().store(StoreQueryParameters.fromNameAndType(
                EventIndexTopology.LISTS_STORE, QueryableStoreTypes.<String, ListState>keyValueStore())));
    }

    /** Over any store of list states (a TopologyTestDriver's in tests); looked up on every read. */
    public ListStateQuery(Supplier<ReadOnlyKeyValueStore<String, ListState>> lists) {
        this.lists = lists;
    }

    /** The list's state, or empty while it has no accepted ListCreated. */
    public Optional<ListState> read(String listId) {
        return Optional.ofNullable(lists.get().get(listId)).filter(ListState::getCreated);
    }
}
