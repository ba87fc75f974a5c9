package io.offlinesync.issuer;

import java.util.Map;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;

/** A password grant token request: the authenticated client, the user's name and password, the scopes asked. */
public final class PasswordGrantToken extends OAuth2AuthorizationGrantAuthenticationToken {

    private final String username;
    private final String password;
    private final Set<String> scopes;

    public PasswordGrantToken(Authentication clientPrincipal, String username, String password, Set<String> scopes,
            Map<String, Object> additionalParameters) {
        super(PasswordGrant.TYPE, clientPrincipal, additionalParameters);
        this.username = username;
        this.password = password;
        this.scopes = Set.copyOf(scopes);
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The scopes the request names; empty when it names none. */
    public Set<String> scopes() {
        return scopes;
    }
}
