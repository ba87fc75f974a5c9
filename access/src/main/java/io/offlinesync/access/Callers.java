package io.offlinesync.access;

import java.security.Principal;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** What the services ask of a caller: its user id, and whether it is an operator. */
public final class Callers {

    private final String adminAuthority;

    public Callers(AccessProperties access) {
        this.adminAuthority = access.adminAuthority();
    }

    /** The caller's user id (null only for an unauthenticated caller, on the open paths). */
    public String userId(Principal principal) {
        return UserIds.of(principal);
    }

    /** Whether the caller's token carries the operator scope. */
    public boolean isOperator(Principal principal) {
        if (!(principal instanceof Authentication authentication)) {
            return false;
        }
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            if (adminAuthority.equals(authority.getAuthority())) {
                return true;
            }
        }
        return false;
    }

    /** When the caller's token expires (empty without one): a live stream ends then, the device signs in again. */
    public Optional<Instant> validUntil(Principal principal) {
        return principal instanceof JwtAuthenticationToken jwt ? Optional.ofNullable(jwt.getToken().getExpiresAt())
                : Optional.empty();
    }
}
