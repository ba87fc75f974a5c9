package io.offlinesync.query.state;

import io.offlinesync.query.catchup.EventIndexTopology;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.streams.ManagedStreams;
import java.util.Optional;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** Reads a list's projected state from the local copy of todo.lists.v1. */
public final class ListStateQuery {

    private final ManagedStreams streams;

    public ListStateQuery(ManagedStreams streams) {
        this.streams = streams;
    }

    /** The list's state, or empty while it has no accepted ListCreated. */
    public Optional<ListState> read(String listId) {
        ListState state = streams.streams().store(StoreQueryParameters.fromNameAndType(
                EventIndexTopology.LISTS_STORE, QueryableStoreTypes.<String, ListState>keyValueStore())).get(listId);
        return Optional.ofNullable(state).filter(ListState::getCreated);
    }
}
