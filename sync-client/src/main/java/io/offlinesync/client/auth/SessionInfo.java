package io.offlinesync.client.auth;

import java.net.URI;
import java.time.Instant;

/**
 * Who is signed in, for an app to show: {@code userId} is the access token's {@code sub} (the services' user id
 * with the local stack's issuer), {@code username} the name the user signed in with, {@code accessExpiresAt} when
 * the current access token expires (null: unknown). With a refresh token the SDK renews the access token by itself
 * until {@code refreshExpiresAt} (null: the issuer did not say).
 */
public record SessionInfo(String userId, String username, URI issuer, Instant accessExpiresAt, boolean renewable,
                          Instant refreshExpiresAt) {}
