package io.offlinesync.query.cluster;

import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * Which local copy a read of the query-api's stores reads, named by the routing ({@link ListReads}) and passed to
 * every query: one partition, of a running active store or, stale, of any local copy (a standby, or an active
 * still restoring); or, for an instance alone, every local active partition. A query is given one explicitly
 * ({@code at(target)}), so no read can fall back to every partition unnoticed.
 *
 * @param partition the partition to read, or -1 for every local active partition
 * @param stale     whether a copy that is not a running active may answer
 */
public record ReadTarget(int partition, boolean stale) {

    /** An instance alone hosts every partition: its reads look at all of them, as before scale-out. */
    public static final ReadTarget EVERY_LOCAL_PARTITION = new ReadTarget(-1, false);

    public ReadTarget {
        if (partition < -1 || (partition == -1 && stale)) {
            throw new IllegalArgumentException("a read target is a partition (stale or not) or every local active "
                    + "partition, was " + partition + (stale ? " stale" : ""));
        }
    }

    /** The running active copy of {@code partition}. */
    public static ReadTarget active(int partition) {
        return new ReadTarget(partition, false);
    }

    /** Any local copy of {@code partition}: a standby, or an active still restoring. */
    public static ReadTarget anyCopy(int partition) {
        return new ReadTarget(partition, true);
    }

    /** The parameters to look up {@code store} with for this target. */
    public <T> StoreQueryParameters<T> parameters(String store, QueryableStoreType<T> type) {
        StoreQueryParameters<T> params = StoreQueryParameters.fromNameAndType(store, type);
        if (partition < 0) {
            return params;
        }
        params = params.withPartition(partition);
        return stale ? params.enableStaleStores() : params;
    }

    /** Thrown by a query asked to read without a target: it would otherwise read every local partition. */
    public static IllegalStateException missing(String query) {
        return new IllegalStateException(query + " was asked to read without a read target: name the copy it reads "
                + "(at(target), from the routing) rather than read every local partition");
    }
}
