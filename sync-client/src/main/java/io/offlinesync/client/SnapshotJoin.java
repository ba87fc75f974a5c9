package io.offlinesync.client;

import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.SyncHttp;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.StoredList;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.HybridClock;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.Write;
import io.offlinesync.protocol.ListSnapshotJson;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Joins a list the device has nothing of from the server's state with registers (the query-api's
 * {@code registers=true} extension): the snapshot becomes the base of the list's fold and the cursor its
 * listVersion, so the device pulls only the tail. A server without the extension answers the plain state;
 * the device then downloads the whole log from {@code after=0}, as before. Either way it says which.
 */
final class SnapshotJoin {

    private static final System.Logger LOG = System.getLogger(SnapshotJoin.class.getName());

    private final LocalStore store;
    private final SyncHttp http;
    private final LongSupplier wallClock;

    SnapshotJoin(LocalStore store, SyncHttp http, LongSupplier wallClock) {
        this.store = store;
        this.http = http;
        this.wallClock = wallClock;
    }

    /**
     * Nothing of the list here: no log, no snapshot, and no own events (pending or sent). A device with own
     * events reads the whole log, so that it sees their acceptance or rejection there.
     */
    boolean hasNothingOf(String listId) {
        return store.write(() -> {
            StoredList stored = store.list(listId).orElseThrow();
            return stored.cursor() == 0 && stored.snapshotVersion() == 0 && stored.nextClientSeq() == 1
                    && store.pending(listId).isEmpty();
        });
    }

    /** Joins from the snapshot; returns its listVersion, or empty when the log is to be pulled from the start. */
    Optional<Long> join(String listId) throws ServerUnreachableException, InterruptedException {
        Optional<String> body = http.stateWithRegisters(listId);
        if (body.isEmpty()) {
            return Optional.empty(); // not created on the server (yet): its log, if any, is short
        }
        Optional<TodoList> snapshot = ListSnapshotJson.read(body.get());
        if (snapshot.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "list {0}: the server sends no registers (an older query-api); "
                    + "downloading its whole log", listId);
            return Optional.empty();
        }
        TodoList list = snapshot.get();
        boolean joined = store.write(() -> {
            if (!hasNothingOf(listId)) {
                return false; // another process on this profile got there first
            }
            HybridClock clock = new HybridClock(wallClock, HybridClock.DEFAULT_MAX_SKEW_MS, store.clock());
            latestStamp(list).ifPresent(clock::receive); // the HLC advances with every event received
            store.joinFromSnapshot(listId, list.listVersion(), body.get(), clock.current());
            return true;
        });
        if (joined) {
            LOG.log(System.Logger.Level.INFO, "list {0}: joined from the server''s snapshot at listVersion {1}; "
                    + "pulling only the tail", listId, list.listVersion());
        }
        return joined ? Optional.of(list.listVersion()) : Optional.empty();
    }

    private static Optional<Hlc> latestStamp(TodoList list) {
        Stream<Hlc> writes = list.allItems().stream()
                .flatMap(SnapshotJoin::writes).map(w -> w.stamp().at());
        return Stream.concat(Stream.of(list.titleStamp().at()), writes).max(Hlc::compareTo);
    }

    private static Stream<Write<?>> writes(Item item) {
        return Stream.concat(item.title().writes().stream(), item.completed().writes().stream());
    }
}
