package io.offlinesync.issuer;

import java.util.UUID;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The issuer's two clients, both public (no secret: a command line app and a browser app cannot keep one).
 *
 * <ul>
 *   <li>{@value #CLI}: the password grant (a development user's name and password straight to the token
 *       endpoint, RFC 6749 4.3) and refresh tokens: what {@code ./local-stack.sh token} and the tests use;
 *       and the device authorization grant (RFC 8628: the user signs in on the issuer's page with a code the
 *       command line shows), the way a command line signs in with issuers that have no password grant.</li>
 *   <li>{@value #WEB}: authorization code with PKCE (the login form), refresh tokens, no consent screen.</li>
 * </ul>
 */
public final class Clients {

    public static final String CLI = "offline-sync-cli";
    public static final String WEB = "offline-sync-web";

    private Clients() {
    }

    public static RegisteredClientRepository repository(IssuerProperties properties) {
        return new InMemoryRegisteredClientRepository(cli(properties), web(properties));
    }

    static RegisteredClient cli(IssuerProperties properties) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(CLI)
                .clientName("offline-sync command line (development)")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(PasswordGrant.TYPE)
                .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .scopes(scopes -> scopes.addAll(Scopes.ALL))
                .tokenSettings(tokens(properties))
                .build();
    }

    static RegisteredClient web(IssuerProperties properties) {
        RegisteredClient.Builder web = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(WEB)
                .clientName("offline-sync web app (development)")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .scopes(scopes -> scopes.addAll(Scopes.ALL))
                // PKCE is what protects a public client's code; a development user needs no consent screen
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(tokens(properties));
        properties.webRedirectUris().forEach(web::redirectUri);
        return web.build();
    }

    /**
     * Access tokens as signed JWTs; refresh tokens rotate on every use (the one sent is then spent), which
     * is what makes refresh tokens acceptable for public clients (OAuth 2.0 Security BCP, 4.14).
     */
    private static TokenSettings tokens(IssuerProperties properties) {
        return TokenSettings.builder()
                .accessTokenTimeToLive(properties.tokenTtl())
                .refreshTokenTimeToLive(properties.refreshTokenTtl())
                .reuseRefreshTokens(false)
                .build();
    }
}
