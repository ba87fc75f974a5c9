package io.offlinesync.query.cluster;

import java.util.concurrent.Callable;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * Which local copy the store lookups of the current request read: by default (no context) every local
 * active partition, as a single instance does; inside {@link #run} one partition, of a running active
 * store or, stale, of any local copy (a standby, or an active still restoring). The queries build their
 * {@link StoreQueryParameters} through {@link #parameters}, so they need not know about instances.
 */
public final class ReadContext {

    /** The partition to read and whether a copy that is not a running active may answer. */
    public record Target(int partition, boolean stale) {}

    private static final ThreadLocal<Target> CURRENT = new ThreadLocal<>();

    private ReadContext() {
    }

    /** Runs {@code read} with the store lookups of this thread bound to {@code target}. */
    public static <T> T run(Target target, Callable<T> read) throws Exception {
        Target outer = CURRENT.get();
        CURRENT.set(target);
        try {
            return read.call();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The current thread's target, or null outside {@link #run} (every local active partition). */
    public static Target current() {
        return CURRENT.get();
    }

    /** The parameters to look up {@code store} with in the current context. */
    public static <T> StoreQueryParameters<T> parameters(String store, QueryableStoreType<T> type) {
        StoreQueryParameters<T> params = StoreQueryParameters.fromNameAndType(store, type);
        Target target = CURRENT.get();
        if (target == null) {
            return params;
        }
        params = params.withPartition(target.partition());
        return target.stale() ? params.enableStaleStores() : params;
    }
}
