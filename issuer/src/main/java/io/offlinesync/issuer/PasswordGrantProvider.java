package io.offlinesync.issuer;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Issues the tokens of a password grant: checks the client may use the grant and the scopes it asks,
 * signs the user in with {@link DevelopmentUsers}, and answers like the authorization code grant would: an
 * access token, a refresh token when the client has that grant, and an ID token when {@code openid} is
 * asked. The authorization is saved, so the refresh token works with Spring's own refresh provider.
 *
 * <p>A wrong password or a name that is no user is {@code invalid_grant} (400), as RFC 6749 5.2 says for
 * invalid resource owner credentials, with a description saying which.
 */
public final class PasswordGrantProvider implements AuthenticationProvider {

    private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";
    private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

    private final DevelopmentUsers users;
    private final OAuth2AuthorizationService authorizations;
    private final OAuth2TokenGenerator<? extends OAuth2Token> tokens;

    public PasswordGrantProvider(DevelopmentUsers users, OAuth2AuthorizationService authorizations,
            OAuth2TokenGenerator<? extends OAuth2Token> tokens) {
        this.users = users;
        this.authorizations = authorizations;
        this.tokens = tokens;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        PasswordGrantToken grant = (PasswordGrantToken) authentication;
        if (!(grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
                || client.getRegisteredClient() == null) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        RegisteredClient registered = client.getRegisteredClient();
        if (!registered.getAuthorizationGrantTypes().contains(PasswordGrant.TYPE)) {
            throw error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "this client may not use the password grant");
        }
        Set<String> scopes = grant.scopes().isEmpty() ? new LinkedHashSet<>(Scopes.DEFAULT) : grant.scopes();
        for (String scope : scopes) {
            if (!registered.getScopes().contains(scope)) {
                throw error(OAuth2ErrorCodes.INVALID_SCOPE, "unknown scope " + scope + " (known: " + registered.getScopes() + ")");
            }
        }
        Authentication user;
        try {
            user = users.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(grant.username(), grant.password()));
        } catch (AuthenticationException e) {
            throw error(OAuth2ErrorCodes.INVALID_GRANT, e.getMessage());
        }

        OAuth2Authorization.Builder authorization = OAuth2Authorization.withRegisteredClient(registered)
                .principalName(user.getName())
                .authorizationGrantType(PasswordGrant.TYPE)
                .authorizedScopes(scopes)
                // the refresh provider reads the user from here
                .attribute(Principal.class.getName(), user);
        DefaultOAuth2TokenContext.Builder context = DefaultOAuth2TokenContext.builder()
                .registeredClient(registered)
                .principal(user)
                .authorizationServerContext(AuthorizationServerContextHolder.getContext())
                .authorizedScopes(scopes)
                .authorizationGrantType(PasswordGrant.TYPE)
                .authorizationGrant(grant);

        Jwt access = generate(context.tokenType(OAuth2TokenType.ACCESS_TOKEN).build(), Jwt.class, "access token");
        OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, access.getTokenValue(),
                access.getIssuedAt(), access.getExpiresAt(), scopes);
        authorization.token(accessToken, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, access.getClaims()));

        OAuth2RefreshToken refreshToken = null;
        if (registered.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
            refreshToken = generate(context.tokenType(OAuth2TokenType.REFRESH_TOKEN).build(), OAuth2RefreshToken.class,
                    "refresh token");
            authorization.refreshToken(refreshToken);
        }

        Map<String, Object> additional = Map.of();
        if (scopes.contains(Scopes.OPENID)) {
            // also needed later: refreshing an openid authorization issues a new ID token from the old one
            Jwt id = generate(context.tokenType(ID_TOKEN).authorization(authorization.build()).build(), Jwt.class, "ID token");
            OidcIdToken idToken = new OidcIdToken(id.getTokenValue(), id.getIssuedAt(), id.getExpiresAt(), id.getClaims());
            authorization.token(idToken, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idToken.getClaims()));
            additional = Map.of(OidcParameterNames.ID_TOKEN, idToken.getTokenValue());
        }

        authorizations.save(authorization.build());
        return new OAuth2AccessTokenAuthenticationToken(registered, client, accessToken, refreshToken, additional);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return PasswordGrantToken.class.isAssignableFrom(authentication);
    }

    private <T> T generate(OAuth2TokenContext context,
            Class<T> type, String what) {
        OAuth2Token token = tokens.generate(context);
        if (!type.isInstance(token)) {
            throw error(OAuth2ErrorCodes.SERVER_ERROR, "the token generator failed to generate the " + what);
        }
        return type.cast(token);
    }

    private static OAuth2AuthenticationException error(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, ERROR_URI));
    }
}
