package io.offlinesync.client.auth;

import io.offlinesync.client.http.ServerUnreachableException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A user's session with an OpenID Connect issuer, for a public client that signs in with the password grant and
 * renews with the refresh_token grant (the local stack's development issuer with client {@code offline-sync-cli};
 * Keycloak with "direct access grants"). It finds the token endpoint by discovery, keeps the access and refresh
 * tokens and their expiry in a {@link SessionStorage}, renews the access token {@link #REFRESH_AHEAD} before it
 * expires and after the server refused it (401), and ends with {@link NotSignedInException} when the issuer refuses
 * the refresh token: then only a new sign-in helps. Thread-safe; one renewal at a time. Tokens are never logged.
 */
public final class OidcSession implements TokenSource, AutoCloseable {

    /** Renew this long before the access token expires, so that no request leaves with a token about to expire. */
    public static final Duration REFRESH_AHEAD = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(OidcSession.class.getName());

    private final SessionStorage storage;
    private final OidcHttp http;
    private final LongSupplier wallClock;
    private SavedSession session; // guarded by this
    private String endedBecause; // guarded by this; set once signed out or ended: no token is handed out any more

    OidcSession(SavedSession session, SessionStorage storage, OidcHttp http, LongSupplier wallClock) {
        this.session = session;
        this.storage = storage;
        this.http = http;
        this.wallClock = wallClock;
    }

    /**
     * Signs in at {@code issuer} as {@code username} with the password grant (client {@code clientId}, no secret,
     * scope {@code openid}) and saves the session in {@code storage}. The password is used for this one request.
     *
     * @throws SignInRefusedException the issuer refused (wrong credentials, the grant not allowed for the client)
     * @throws ServerUnreachableException the issuer could not be reached or answered 5xx
     * @throws IllegalArgumentException no OpenID Connect issuer answers discovery at {@code issuer}
     */
    public static OidcSession signIn(URI issuer, String clientId, String username, char[] password,
                                     SessionStorage storage, LongSupplier wallClock)
            throws ServerUnreachableException, InterruptedException {
        OidcHttp http = new OidcHttp(wallClock);
        try {
            OidcHttp.Endpoints endpoints = http.discover(issuer);
            IssuedTokens tokens;
            try {
                tokens = http.passwordGrant(endpoints.token(), clientId, username, password);
            } catch (OidcHttp.GrantRefused refused) {
                boolean grantNotAllowed = refused.error().equals("unsupported_grant_type")
                        || refused.error().equals("unauthorized_client");
                throw new SignInRefusedException(refused.error(), "the issuer at " + issuer + " refused the sign-in of "
                        + username + ": " + refused.getMessage() + (grantNotAllowed ? "; client " + clientId
                        + " may not use the password grant there (in Keycloak: enable its direct access grants)" : ""));
            }
            // the user id the services see: the token's sub (the ID token's when the access token is opaque)
            Optional<JwtClaims> claims = JwtClaims.read(tokens.access().value())
                    .or(() -> JwtClaims.read(tokens.idToken()));
            String userId = claims.map(JwtClaims::subject).orElse(username);
            String name = claims.map(JwtClaims::preferredUsername).orElse(username);
            SavedSession saved = new SavedSession(issuer, endpoints.token(), endpoints.revocation(), clientId, userId,
                    name, tokens.access(), tokens.refreshToken(), tokens.refreshExpiresAt());
            storage.save(saved);
            LOG.log(System.Logger.Level.INFO, "signed in as {0} at {1}; access token until {2}", userId, issuer,
                    tokens.access().expiresAt());
            return new OidcSession(saved, storage, http, wallClock);
        } catch (RuntimeException | ServerUnreachableException | InterruptedException e) {
            http.close();
            throw e;
        }
    }

    /** The session saved in {@code storage} by an earlier sign-in, if there is one. Nothing is asked of the issuer. */
    public static Optional<OidcSession> resume(SessionStorage storage, LongSupplier wallClock) {
        return storage.load().map(saved -> new OidcSession(saved, storage, new OidcHttp(wallClock), wallClock));
    }

    /** Who is signed in and until when. */
    public synchronized SessionInfo info() {
        return session.info();
    }

    @Override
    public synchronized Optional<AccessToken> current() throws ServerUnreachableException, InterruptedException {
        requireOpen();
        AccessToken access = session.access();
        if (!access.expiresWithin(REFRESH_AHEAD, now())) {
            return Optional.of(access);
        }
        try {
            return Optional.of(renew().access());
        } catch (ServerUnreachableException e) {
            if (!access.expiresWithin(Duration.ZERO, now())) {
                // the issuer is away but the token still works for a few seconds: use it, renew on the next call
                LOG.log(System.Logger.Level.DEBUG, "could not renew the access token ahead of its expiry: {0}",
                        e.getMessage());
                return Optional.of(access);
            }
            throw e;
        }
    }

    @Override
    public synchronized Optional<AccessToken> refresh(Optional<AccessToken> refused)
            throws ServerUnreachableException, InterruptedException {
        requireOpen();
        if (refused.isPresent() && !refused.get().value().equals(session.access().value())) {
            return Optional.of(session.access()); // renewed by another thread since that request left
        }
        return Optional.of(renew().access());
    }

    /**
     * Ends the session: the issuer is asked to revoke the refresh token (best effort, so signing out works offline)
     * and the storage forgets it. Requests made afterwards through this session fail with {@link NotSignedInException}.
     */
    public synchronized void signOut() throws InterruptedException {
        SavedSession ending = session;
        endedBecause = "not signed in: " + ending.userId() + " signed out";
        storage.clear();
        if (ending.revocationEndpoint() != null && ending.refreshToken() != null) {
            http.revoke(ending.revocationEndpoint(), ending.clientId(), ending.refreshToken());
        }
        LOG.log(System.Logger.Level.INFO, "signed out {0} at {1}", ending.userId(), ending.issuer());
    }

    /** Renews the access token with the refresh token, unless another process on the same storage did it already. */
    private SavedSession renew() throws ServerUnreachableException, InterruptedException {
        SavedSession used = session;
        Optional<SavedSession> stored = storage.load();
        if (stored.isEmpty()) {
            endedBecause = "not signed in: the session of " + used.userId() + " at " + used.issuer() + " was signed out";
            throw new NotSignedInException(endedBecause);
        }
        if (!stored.get().sameTokens(used)) {
            // a `todo watch` beside a `todo sync`: the other process renewed (or signed in anew) first
            session = stored.get();
            if (!session.access().expiresWithin(REFRESH_AHEAD, now())) {
                return session;
            }
            used = session;
        }
        if (used.refreshToken() == null) {
            throw ended(used, "the access token expired and the issuer gave no refresh token");
        }
        if (used.refreshExpiresAt() != null && !now().isBefore(used.refreshExpiresAt())) {
            throw ended(used, "its refresh token expired at " + used.refreshExpiresAt());
        }
        try {
            SavedSession renewed = used.renewed(http.refreshGrant(used.tokenEndpoint(), used.clientId(),
                    used.refreshToken()));
            storage.save(renewed);
            session = renewed;
            LOG.log(System.Logger.Level.DEBUG, "renewed the access token of {0}, now until {1}", used.userId(),
                    renewed.access().expiresAt());
            return renewed;
        } catch (OidcHttp.GrantRefused refused) {
            Optional<SavedSession> now = storage.load();
            if (now.isPresent() && !Objects.equals(now.get().refreshToken(), used.refreshToken())) {
                // renewed elsewhere with the same refresh token a moment earlier; issuers that rotate refuse the old one
                session = now.get();
                return session;
            }
            throw ended(used, "the issuer refused its refresh token: " + refused.getMessage());
        }
    }

    private NotSignedInException ended(SavedSession used, String why) {
        storage.clear(); // nothing in it can be renewed: `whoami` says so, and the next sign-in starts clean
        LOG.log(System.Logger.Level.INFO, "the session of {0} at {1} ended: {2}", used.userId(), used.issuer(), why);
        endedBecause = "the session of " + used.userId() + " at " + used.issuer() + " ended (" + why + "); sign in again";
        return new NotSignedInException(endedBecause);
    }

    private void requireOpen() {
        if (endedBecause != null) {
            throw new NotSignedInException(endedBecause);
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(wallClock.getAsLong());
    }

    @Override
    public void close() {
        http.close();
    }
}
