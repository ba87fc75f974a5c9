package io.offlinesync.issuer;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens for every client that has the refresh token grant, public ones included. Spring's
 * generator refuses them to a public client on the authorization code grant; the platform's browser app is
 * a public client and must stay signed in past an access token's lifetime. They are opaque random strings
 * (256 bits), spent on use ({@link Clients}: rotation), and live only in this issuer's memory.
 */
public final class RefreshTokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public RefreshTokens(Clock clock) {
        this.clock = clock;
    }

    @Override
    public OAuth2RefreshToken generate(OAuth2TokenContext context) {
        if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())
                || !context.getRegisteredClient().getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
            return null;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        Instant issuedAt = clock.instant();
        Instant expiresAt = issuedAt.plus(context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive());
        return new OAuth2RefreshToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), issuedAt, expiresAt);
    }
}
