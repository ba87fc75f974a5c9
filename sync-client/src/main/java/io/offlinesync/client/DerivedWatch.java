package io.offlinesync.client;

import io.offlinesync.domain.projection.Projection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link DerivationListener} and the views it was last told of, so it hears of changes only. */
final class DerivedWatch<S> {

    private final Projection<S> projection;
    private final DerivationListener<S> listener;
    private final Map<String, Map<String, Object>> lastViews = new ConcurrentHashMap<>();

    DerivedWatch(Projection<S> projection, DerivationListener<S> listener) {
        this.projection = projection;
        this.listener = listener;
    }

    /** Tells the listener the list's derivation if its view changed since last told. */
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
