package io.offlinesync.client;

import io.offlinesync.client.auth.AccessToken;
import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.auth.OidcSession;
import io.offlinesync.client.auth.SessionInfo;
import io.offlinesync.client.auth.TokenSource;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.store.LocalStore;
import java.net.URI;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The tokens of a profile that signs in itself: its {@link OidcSession} kept in the store, or none (no header, as to
 * a server that checks no tokens). Signing in and out switches it at once. After a 401 without a session it looks in
 * the store again, because another process on the profile ({@code todo login} beside a {@code todo watch}) may have
 * signed in since; a session that ended is dropped, so the next request goes without one.
 */
final class ProfileTokens implements TokenSource, AutoCloseable {

    private final LocalStore store;
    private final LongSupplier wallClock;
    private volatile OidcSession session;

    ProfileTokens(LocalStore store, LongSupplier wallClock) {
        this.store = store;
        this.wallClock = wallClock;
        this.session = OidcSession.resume(store.sessions(), wallClock).orElse(null);
    }

    Optional<OidcSession> session() {
        return Optional.ofNullable(session);
    }

    /**
     * Signs {@code username} in ({@link SyncClient#signIn}) and makes that the profile's session (it saved itself in the
     * store); refused when the profile holds another user's lists, for its {@code clientId} writes for that user there.
     */
    SessionInfo signIn(URI issuer, String oidcClientId, String username, char[] password, String clientId)
            throws ServerUnreachableException, InterruptedException {
        String previous = store.user();
        if (previous != null && !previous.equals(username) && !store.lists().isEmpty()) {
            throw new IllegalStateException("this profile holds the lists of " + previous + " (its device id "
                    + clientId + " writes for " + previous + " on them): sign " + username + " in on another profile");
        }
        OidcSession signedIn = OidcSession.signIn(issuer, oidcClientId, username, password, store.sessions(), wallClock);
        store.saveUser(username);
        OidcSession before = session;
        session = signedIn;
        if (before != null) {
            before.close();
        }
        return signedIn.info();
    }

    /** Signs out the profile's session, also one another process saved since this one looked; false when none. */
    boolean signOut() throws InterruptedException {
        OidcSession ending = session;
        session = null;
        if (ending == null) {
            ending = OidcSession.resume(store.sessions(), wallClock).orElse(null);
        }
        if (ending == null) {
            return false;
        }
        try {
            ending.signOut();
        } finally {
            ending.close();
        }
        return true;
    }

    @Override
    public Optional<AccessToken> current() throws ServerUnreachableException, InterruptedException {
        OidcSession s = session;
        if (s == null) {
            return Optional.empty();
        }
        try {
            return s.current();
        } catch (NotSignedInException e) {
            drop(s);
            throw e;
        }
    }

    @Override
    public Optional<AccessToken> refresh(Optional<AccessToken> refused)
            throws ServerUnreachableException, InterruptedException {
        OidcSession s = session;
        if (s == null) {
            s = OidcSession.resume(store.sessions(), wallClock).orElse(null);
            if (s == null) {
                return Optional.empty();
            }
            session = s;
            return s.current();
        }
        try {
            return s.refresh(refused);
        } catch (NotSignedInException e) {
            drop(s);
            throw e;
        }
    }

    private void drop(OidcSession ended) {
        if (session == ended) {
            session = null;
            ended.close();
        }
    }

    @Override
    public void close() {
        OidcSession s = session;
        if (s != null) {
            s.close();
        }
    }
}
