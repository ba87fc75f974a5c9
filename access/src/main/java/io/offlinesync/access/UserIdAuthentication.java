package io.offlinesync.access;

import io.offlinesync.protocol.ProtocolRules;
import java.util.Collection;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * Turns a verified token into the caller: its name is the user id read from the configured claim, its
 * authorities the token's scopes ({@code SCOPE_x}). A token whose claim is missing or is not a valid id is
 * refused like an invalid token (401): the user id is stamped on log entries and keys membership, so it
 * must match the id pattern.
 */
final class UserIdAuthentication implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String userClaim;
    private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();

    UserIdAuthentication(String userClaim) {
        this.userClaim = userClaim;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String userId = jwt.getClaimAsString(userClaim);
        if (!UserIds.valid(userId)) {
            throw new InvalidBearerTokenException("The token's '" + userClaim + "' claim is not a user id this "
                    + "platform accepts (" + ProtocolRules.ID_PATTERN + ")");
        }
        Collection<GrantedAuthority> authorities = scopes.convert(jwt);
        return new JwtAuthenticationToken(jwt, authorities, userId);
    }
}
