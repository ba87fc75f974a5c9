package io.offlinesync.issuer;

import java.util.List;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The claims that make an access token one the platform's services accept like any issuer's
 * (PROTOCOL.md, "Identity"):
 *
 * <ul>
 *   <li>{@code aud}: the platform's audience ({@code offline-sync}) instead of Spring's default, the
 *       client id: the services check the audience, not which app asked.</li>
 *   <li>{@code preferred_username}: the user's name (also {@code sub} here), for services configured to read
 *       the user id from that claim, as they must for issuers whose {@code sub} is an opaque id.</li>
 *   <li>{@code scope}: one space-separated string (RFC 9068 2.2.3, as Keycloak and Auth0 write it).
 *       Spring writes a JSON array; Spring's resource server reads either into {@code SCOPE_x} authorities,
 *       but a string is what every verifier understands.</li>
 * </ul>
 *
 * ID tokens keep {@code aud} = the client id (OpenID Connect requires it) and get {@code preferred_username}.
 */
public final class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    public static final String PREFERRED_USERNAME = "preferred_username";

    private final String audience;

    public TokenClaims(String audience) {
        this.audience = audience;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        String user = context.getPrincipal().getName();
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            context.getClaims().audience(List.of(audience)).claim(PREFERRED_USERNAME, user);
            if (!context.getAuthorizedScopes().isEmpty()) {
                context.getClaims().claim("scope", String.join(" ", context.getAuthorizedScopes().stream().sorted().toList()));
            }
        } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            context.getClaims().claim(PREFERRED_USERNAME, user);
        }
    }
}
