package io.offlinesync.query.state;

import io.offlinesync.query.QueryTopology;
import io.offlinesync.query.cluster.ReadTarget;
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

    private final Map<String, Function<ReadTarget, ReadOnlyKeyValueStore<String, byte[]>>> stores;
    private final Map<String, ProjectionReader<?, ?>> readers;
    private final ListStateWatch watch;
    private final Duration recheck;
    /** The copy this query reads; null until {@link #at} names one (then every read refuses). */
    private final ReadTarget target;

    /**
     * Over the stores of a running query-api application, one per served projection, woken by {@code watch}: each
     * read names its copy with {@link #at}.
     */
    public ListStateQuery(ManagedStreams streams, List<String> projections, ValueSerdes serdes, ListStateWatch watch) {
        this(projections, serdes, watch, RECHECK, projection -> target -> streams.streams().store(
                target.parameters(QueryTopology.listsStore(projection),
                        QueryableStoreTypes.<String, byte[]>keyValueStore())));
    }

    /**
     * Over the stores each target names (one function per projection), looked up on every read, their values
     * decoded with {@code serdes}; a fenced read is woken by {@code watch} and looks at the state itself every
     * {@code recheck}. It reads only once {@link #at} names a target.
     */
    public ListStateQuery(List<String> projections, ValueSerdes serdes, ListStateWatch watch, Duration recheck,
                          Function<String, Function<ReadTarget, ReadOnlyKeyValueStore<String, byte[]>>> storeOf) {
        InstalledProjections installed = InstalledProjections.load();
        this.stores = new LinkedHashMap<>();
        this.readers = new LinkedHashMap<>();
        for (String projection : projections) {
            stores.put(projection, storeOf.apply(projection));
            readers.put(projection, ProjectionReader.of(installed.require(projection), serdes));
        }
        this.watch = watch;
        this.recheck = recheck;
        this.target = null;
    }

    private ListStateQuery(ListStateQuery query, ReadTarget target) {
        this.stores = query.stores;
        this.readers = query.readers;
        this.watch = query.watch;
        this.recheck = query.recheck;
        this.target = target;
    }

    /** This query reading the copy {@code target} names (the routing's choice). */
    public ListStateQuery at(ReadTarget target) {
        return new ListStateQuery(this, java.util.Objects.requireNonNull(target));
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
        Function<ReadTarget, ReadOnlyKeyValueStore<String, byte[]>> store = stores.get(projection);
        if (store == null) {
            throw new IllegalArgumentException("projection " + projection + " is not served here");
        }
        if (target == null) {
            throw ReadTarget.missing("ListStateQuery");
        }
        byte[] bytes = store.apply(target).get(listId);
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
