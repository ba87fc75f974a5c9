package io.offlinesync.client;

import io.offlinesync.client.store.LastDerivation;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.StoredList;
import io.offlinesync.domain.projection.Projection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What opening a profile does when the app ships another fold version: the store remembers the projection the app
 * derived with last; when the configured one differs (name, id or version), every local list is re-derived from its
 * local log under the new one, eagerly, so the app's first read is ready, and the switch is logged in one line and
 * kept as {@link Derivation}. No request leaves: the local log is all it reads. A profile that recorded none (new,
 * or written before derivations) just records the current one; its lists are derived on first read.
 */
final class DerivationSwitch {

    private static final System.Logger LOG = System.getLogger(DerivationSwitch.class.getName());

    private DerivationSwitch() {
    }

    static Derivation open(LocalStore store, DerivedFolds folds, Projection<?> projection) {
        ProjectionRef current = ProjectionRef.of(projection);
        LastDerivation now = new LastDerivation(current.name(), current.id(), current.version());
        LastDerivation last = store.lastDerivation().orElse(null);
        if (last == null || last.equals(now)) {
            store.saveLastDerivation(now);
            return Derivation.unchanged(current);
        }
        long started = System.nanoTime();
        int lists = 0;
        long entries = 0;
        List<String> awaitingLog = new ArrayList<>();
        for (StoredList list : store.lists()) {
            if (list.snapshotVersion() > 0 && !DerivedFolds.startsFromSnapshot(projection)) {
                awaitingLog.add(list.listId());
                continue;
            }
            entries += folds.refresh(list.listId(), projection);
            lists++;
        }
        // recorded once all lists are derived: a crash before re-derives on the next open
        store.saveLastDerivation(now);
        Derivation derivation = new Derivation(current, new ProjectionRef(last.name(), last.id(), last.version()),
                lists, entries, awaitingLog, Duration.ofNanos(System.nanoTime() - started));
        LOG.log(System.Logger.Level.INFO, "{0}", derivation);
        return derivation;
    }
}
