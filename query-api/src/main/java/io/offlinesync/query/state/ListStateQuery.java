package io.offlinesync.query.state;

import io.offlinesync.query.catchup.EventIndexTopology;
import io.offlinesync.query.cluster.ReadContext;
import io.offlinesync.query.fence.Fence;
import io.offlinesync.query.fence.FenceWait;
import io.offlinesync.query.fence.ListStateWatch;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.domain.projection.Projection;
import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.streams.ManagedStreams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a list's projected state from the local copy of a projection's topic (todo.lists.vN), for any installed
 * projection. The copy holds the topic's bytes as they are; a read decodes the one state it serves, with the
 * projection's own code ({@link ProjectionReader}). A read with a read-your-writes fence
 * waits for the state to reach it, woken by the {@link ListStateWatch} the topology tells of every change.
 */
public final class ListStateQuery {

    /** How often a fenced read looks at the state itself, besides being woken (as a catch-up long-poll does). */
    public static final Duration RECHECK = Duration.ofMillis(250);

    private final Map<String, Supplier<ReadOnlyKeyValueStore<String, byte[]>>> stores = new LinkedHashMap<>();
    private final Map<String, ProjectionReader<?, ?>> readers = new LinkedHashMap<>();
    private final ListStateWatch watch;
    private final Duration recheck;

    /** Over the stores of a running query-api application, one per served projection, woken by {@code watch}. */
    public ListStateQuery(ManagedStreams streams, List<String> projections, ValueSerdes serdes, ListStateWatch watch) {
        this(projections, projection -> () -> streams.streams().store(ReadContext.parameters(
                EventIndexTopology.listsStore(projection), QueryableStoreTypes.<String, byte[]>keyValueStore())),
                serdes, watch, RECHECK);
    }

    /**
     * Over any stores of list states (a TopologyTestDriver's in tests), each looked up on every read, their
     * values decoded with {@code serdes}; a fenced read is woken by no one and looks again every {@link #RECHECK}.
     */
    public ListStateQuery(List<String> projections,
                          Function<String, Supplier<ReadOnlyKeyValueStore<String, byte[]>>> storeOf,
                          ValueSerdes serdes) {
        this(projections, storeOf, serdes, new ListStateWatch(), RECHECK);
    }

    /**
     * The same, a fenced read woken by {@code watch} and looking at the state itself every {@code recheck}.
     */
    public ListStateQuery(List<String> projections,
                          Function<String, Supplier<ReadOnlyKeyValueStore<String, byte[]>>> storeOf,
                          ValueSerdes serdes, ListStateWatch watch, Duration recheck) {
        InstalledProjections installed = InstalledProjections.load();
        for (String projection : projections) {
            stores.put(projection, storeOf.apply(projection));
            readers.put(projection, ProjectionReader.of(installed.require(projection), serdes));
        }
        this.watch = watch;
        this.recheck = recheck;
    }

    /** The projections served here, in configured order. */
    public Set<String> projections() {
        return stores.keySet();
    }

    /** The derivation of a served projection (one of {@link #projections()}). */
    public Projection<?> projection(String projection) {
        return readers.get(projection).projection();
    }

    /** The list's state in {@code projection} (one of {@link #projections()}), or empty while it has no accepted ListCreated. */
    public Optional<ServedState> read(String listId, String projection) {
        Supplier<ReadOnlyKeyValueStore<String, byte[]>> store = stores.get(projection);
        if (store == null) {
            throw new IllegalArgumentException("projection " + projection + " is not served here");
        }
        byte[] bytes = store.get().get(listId);
        return Optional.ofNullable(bytes == null ? null : readers.get(projection).read(bytes))
                .filter(state -> state.facts().created());
    }

    /**
     * The list's state in {@code projection} as soon as its {@code clientSeqs} reach {@code fence}, or as it is when
     * {@code waitMs} is up (at once for 0); empty while the list has no state, also then.
     */
    public Optional<ServedState> read(String listId, String projection, Fence fence, long waitMs)
            throws InterruptedException {
        return FenceWait.until(() -> read(listId, projection),
                state -> state.isPresent() && fence.reachedIn(state.get().facts().clientSeqs()),
                seen -> watch.awaitChange(projection, listId), waitMs, recheck);
    }
}
