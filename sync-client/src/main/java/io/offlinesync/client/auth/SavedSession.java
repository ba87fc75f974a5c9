package io.offlinesync.client.auth;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * What a signed-in session keeps between runs: where to renew it (the issuer, its token endpoint found by
 * discovery, the optional revocation endpoint, the OAuth2 client id), who it is ({@code userId}: the token's
 * {@code sub}; {@code username}: the name the user signs in with), the access token and its expiry, the refresh
 * token and its expiry (null: none, or not told by the issuer). {@link #toString()} shows no token.
 */
public record SavedSession(URI issuer, URI tokenEndpoint, URI revocationEndpoint, String clientId, String userId,
                           String username, AccessToken access, String refreshToken, Instant refreshExpiresAt) {

    public SavedSession {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(access, "access");
    }

    /** The session with the tokens of a refresh; an issuer that does not rotate refresh tokens sends none: keep ours. */
    SavedSession renewed(IssuedTokens fresh) {
        boolean rotated = fresh.refreshToken() != null;
        return new SavedSession(issuer, tokenEndpoint, revocationEndpoint, clientId, userId, username, fresh.access(),
                rotated ? fresh.refreshToken() : refreshToken, rotated ? fresh.refreshExpiresAt() : refreshExpiresAt);
    }

    /** Whether both hold the same tokens (another process on the profile has not renewed it in between). */
    boolean sameTokens(SavedSession other) {
        return access.value().equals(other.access.value()) && Objects.equals(refreshToken, other.refreshToken);
    }

    /** Who is signed in and until when, without the tokens. */
    public SessionInfo info() {
        return new SessionInfo(userId, username, issuer, access.expiresAt(), refreshToken != null, refreshExpiresAt);
    }

    @Override
    public String toString() {
        return "SavedSession[" + userId + " at " + issuer + ", " + access + (refreshToken == null ? ", no refresh token"
                : ", refresh token until " + (refreshExpiresAt == null ? "unknown" : refreshExpiresAt)) + "]";
    }
}
