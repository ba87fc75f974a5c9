package io.offlinesync.client;

import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.SyncHttp;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.protocol.CatchUpPage;
import java.util.Optional;

/**
 * Downloads, once, the log a snapshot join skipped (listVersion 1 to the snapshot's), for an app whose projection
 * cannot start from the server's snapshot. Page by page after what is stored already (so an interrupted download goes
 * on where it stopped); when the prefix is whole the store drops the snapshot, and the list's stored log is its whole
 * log again, the base of every projection.
 */
final class LogPrefix {

    private static final System.Logger LOG = System.getLogger(LogPrefix.class.getName());

    private final LocalStore store;
    private final SyncHttp http;

    LogPrefix(LocalStore store, SyncHttp http) {
        this.store = store;
        this.http = http;
    }

    /** Downloads what is missing of the list's log prefix; returns how many entries it stored (0: none missing). */
    int complete(String listId) throws ServerUnreachableException, InterruptedException {
        long until = store.list(listId).orElseThrow().snapshotVersion();
        if (until == 0) {
            return 0;
        }
        int stored = 0;
        long after = store.storedPrefix(listId);
        while (after < until) {
            int limit = (int) Math.min(Puller.PAGE, until - after);
            Optional<CatchUpPage> page = http.pull(listId, after, limit, 0);
            if (page.isEmpty() || page.get().events().isEmpty()) {
                return stored; // no longer readable (a 404), or a log that does not reach the snapshot: next sync
            }
            store.storeLogPrefix(listId, page.get().events());
            stored += page.get().events().size();
            long now = store.storedPrefix(listId);
            if (now == 0) {
                break; // the snapshot was dropped: the prefix is whole
            }
            if (now <= after) {
                return stored; // the server's pages do not line up with the stored log: the next sync tries again
            }
            after = now;
        }
        LOG.log(System.Logger.Level.INFO, "list {0}: downloaded its log before the snapshot it was joined from "
                + "({1} entries), once: the projection derives from the whole log", listId, stored);
        return stored;
    }
}
