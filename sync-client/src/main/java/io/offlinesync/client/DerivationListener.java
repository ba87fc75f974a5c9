package io.offlinesync.client;

/**
 * Told when a list's derivation under a projection changed ({@link SyncClient#addListener(
 * io.offlinesync.domain.projection.Projection, DerivationListener)}): a local edit, or entries pulled from the log,
 * that change the projection's view. Runs on the thread that caused it, like {@link SyncListener}.
 *
 * @param <S> the projection's state
 */
@FunctionalInterface
public interface DerivationListener<S> {

    /** {@code state} is the list's derivation now, the device's pending edits applied; a copy the app may keep. */
    void onDerived(String listId, S state);
}
