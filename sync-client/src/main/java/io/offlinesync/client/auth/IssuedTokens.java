package io.offlinesync.client.auth;

import java.time.Instant;

/**
 * A token endpoint's answer (RFC 6749 §5.1): the access token with its expiry, the refresh token if one was sent
 * (with its expiry when the issuer tells it, as Keycloak does in {@code refresh_expires_in}), the OpenID Connect
 * ID token if one was sent. {@link #toString()} shows no token.
 */
record IssuedTokens(AccessToken access, String refreshToken, Instant refreshExpiresAt, String idToken) {

    @Override
    public String toString() {
        return "IssuedTokens[" + access + (refreshToken != null ? ", with refresh token" : "") + "]";
    }
}
