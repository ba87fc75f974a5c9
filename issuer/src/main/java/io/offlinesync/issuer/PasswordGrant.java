package io.offlinesync.issuer;

import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * The resource owner password credentials grant (RFC 6749 4.3). Spring Authorization Server has none (the
 * grant is deprecated for real users); a development issuer whose users are made up wants exactly it, so
 * that a script or a test gets a token with one request. {@link PasswordGrantConverter} reads it from the
 * token request, {@link PasswordGrantProvider} issues the tokens.
 */
public final class PasswordGrant {

    public static final AuthorizationGrantType TYPE = new AuthorizationGrantType("password");

    private PasswordGrant() {
    }
}
