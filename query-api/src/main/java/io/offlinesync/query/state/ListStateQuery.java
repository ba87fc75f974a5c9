package io.offlinesync.query.state;

import io.offlinesync.query.catchup.EventIndexTopology;
import io.offlinesync.query.cluster.ReadContext;
import io.offlinesync.query.fence.Fence;
import io.offlinesync.query.fence.FenceWait;
import io.offlinesync.query.fence.ListStateWatch;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.streams.ManagedStreams;
import java.time.Duration;
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
 * the topic's bytes as they are; a read decodes the one state it serves. A read with a read-your-writes fence
 * waits for the state to reach it, woken by the {@link ListStateWatch} the topology tells of every change.
 */
public final class ListStateQuery {

    /** How often a fenced read looks at the state itself, besides being woken (as a catch-up long-poll does). */
    public static final Duration RECHECK = Duration.ofMillis(250);

    private final Map<String, Supplier<ReadOnlyKeyValueStore<String, byte[]>>> stores = new LinkedHashMap<>();
    private final Deserializer<ListState> states;
    private final ListStateWatch watch;
    private final Duration recheck;

    /** Over the stores of a running query-api application, one per served projection, woken by {@code watch}. */
    public ListStateQuery(ManagedStreams streams, List<String> projections, ValueSerdes serdes, ListStateWatch watch) {
        this(projections, projection -> () -> streams.streams().store(ReadContext.parameters(
                EventIndexTopology.listsStore(projection), QueryableStoreTypes.<String, byte[]>keyValueStore())),
                serdes.forType(ListState.class).deserializer(), watch, RECHECK);
    }

    /**
     * Over any stores of list states (a TopologyTestDriver's in tests), each looked up on every read, their
     * values decoded by {@code states}; a fenced read is woken by no one and looks again every {@link #RECHECK}.
     */
    public ListStateQuery(List<String> projections,
                          Function<String, Supplier<ReadOnlyKeyValueStore<String, byte[]>>> storeOf,
                          Deserializer<ListState> states) {
        this(projections, storeOf, states, new ListStateWatch(), RECHECK);
    }

    /**
     * The same, a fenced read woken by {@code watch} and looking at the state itself every {@code recheck}.
     */
    public ListStateQuery(List<String> projections,
                          Function<String, Supplier<ReadOnlyKeyValueStore<String, byte[]>>> storeOf,
                          Deserializer<ListState> states, ListStateWatch watch, Duration recheck) {
        projections.forEach(p -> stores.put(p, storeOf.apply(p)));
        this.states = states;
        this.watch = watch;
        this.recheck = recheck;
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

    /**
     * The list's state in {@code projection} as soon as its {@code clientSeqs} reach {@code fence}, or as it is when
     * {@code waitMs} is up (at once for 0); empty while the list has no state, also then.
     */
    public Optional<ListState> read(String listId, String projection, Fence fence, long waitMs)
            throws InterruptedException {
        return FenceWait.until(() -> read(listId, projection),
                state -> state.isPresent() && fence.reachedIn(state.get().getClientSeqs()),
                seen -> watch.awaitChange(projection, listId), waitMs, recheck);
    }
}
