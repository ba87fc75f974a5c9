package io.offlinesync.client.auth;

import java.util.Optional;

/**
 * Where an {@link OidcSession} keeps its tokens between runs. A {@code SyncClient} keeps them in its profile's
 * store; {@link #inMemory()} keeps them for the process only. Several processes may share one storage: the session
 * reads it again before it renews, so a renewal made elsewhere is taken over instead of repeated.
 */
public interface SessionStorage {

    Optional<SavedSession> load();

    void save(SavedSession session);

    /** Forgets the session (signed out, or ended by the issuer). */
    void clear();

    /** Kept in memory only: the user signs in again in every process. */
    static SessionStorage inMemory() {
        return new SessionStorage() {
            private volatile SavedSession session;

            @Override
            public Optional<SavedSession> load() {
                return Optional.ofNullable(session);
            }

            @Override
            public void save(SavedSession saved) {
                session = saved;
            }

            @Override
            public void clear() {
                session = null;
            }
        };
    }
}
