package io.offlinesync.client;

import io.offlinesync.domain.projection.Projection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The app's {@link SyncListener}s and {@link DerivationListener}s, and what they were last shown: a list's change is
 * told once, whichever edit, sync or watch caused it. The one place the SDK calls the app back from.
 */
final class Listeners {

    private final ListFolds folds;
    private final DerivedFolds derived;
    private final List<SyncListener> listeners = new CopyOnWriteArrayList<>();
    private final List<DerivedWatch<?>> derivedWatches = new CopyOnWriteArrayList<>();
    private final Map<String, ListView> lastShown = new ConcurrentHashMap<>();

    /** One {@link DerivationListener} and the views it was last told of, so it hears of changes only. */
    private record DerivedWatch<S>(Projection<S> projection, DerivationListener<S> listener,
                                   Map<String, Map<String, Object>> lastViews) {

        void announce(String listId, DerivedFolds folds) {
            S state;
            try {
                state = folds.derive(listId, projection);
            } catch (LogPrefixMissingException notYet) {
                return; // told once the sync brought the log before the snapshot
            }
            Map<String, Object> view = projection.view(state);
            if (!view.equals(lastViews.put(listId, view))) {
                listener.onDerived(listId, state);
            }
        }
    }

    Listeners(ListFolds folds, DerivedFolds derived) {
        this.folds = folds;
        this.derived = derived;
    }

    void add(SyncListener listener) {
        listeners.add(listener);
    }

    <S> void add(Projection<S> projection, DerivationListener<S> listener) {
        derivedWatches.add(new DerivedWatch<>(projection, listener, new ConcurrentHashMap<>()));
    }

    /** The list may have changed: tells whoever's view of it did change since they were last told. */
    void changed(String listId) {
        derivedWatches.forEach(w -> w.announce(listId, derived));
        if (listeners.isEmpty()) {
            return;
        }
        ListView view = folds.view(listId);
        if (!view.equals(lastShown.put(listId, view))) {
            listeners.forEach(l -> l.onChange(view));
        }
    }

    void rejected(Rejection rejection) {
        listeners.forEach(l -> l.onRejected(rejection));
    }

    void setAside(SetAside setAside) {
        listeners.forEach(l -> l.onSetAside(setAside));
    }

    void watchEnded(String listId, String reason) {
        listeners.forEach(l -> l.onWatchEnded(listId, reason));
    }

    void progress(String listId, long cursor, long head) {
        listeners.forEach(l -> l.onProgress(listId, cursor, head));
    }
}
