package io.offlinesync.access;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Which tokens a service accepts and who its operators are. Each service maps these from the environment
 * in its own configuration file ({@code OIDC_ISSUER_URI}, {@code OIDC_JWK_SET_URI}, {@code OIDC_AUDIENCE},
 * {@code OIDC_USER_CLAIM}, {@code CORS_ALLOWED_ORIGINS}).
 *
 * @param issuerUri          the OpenID Connect issuer: every token's {@code iss} must equal it
 * @param jwkSetUri          where the issuer's keys are read; null: from the issuer's discovery document. Set it
 *                           when the services reach the issuer under another address than the one in its tokens
 *                           (containers)
 * @param audience           a token's {@code aud} must contain it
 * @param userClaim          the claim holding the user id ({@code sub}, or {@code preferred_username} for issuers
 *                           whose {@code sub} is an opaque id); its value must match the id pattern
 * @param adminScope         the scope that makes a user an operator
 * @param corsAllowedOrigins browser origins allowed to call the service; empty: no cross-origin calls
 * @param clockSkew          how far a token's expiry may lie in the past (clocks differ), default 60 s
 */
@ConfigurationProperties("sync.access")
public record AccessProperties(URI issuerUri, URI jwkSetUri, String audience, String userClaim, String adminScope,
                               List<String> corsAllowedOrigins, Duration clockSkew) {

    public AccessProperties {
        Assert.notNull(issuerUri, "sync.access.issuer-uri (OIDC_ISSUER_URI) must name the OpenID Connect issuer "
                + "whose tokens this service accepts");
        audience = blankToDefault(audience, "offline-sync");
        userClaim = blankToDefault(userClaim, "sub");
        adminScope = blankToDefault(adminScope, "sync:admin");
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of()
                : corsAllowedOrigins.stream().map(String::strip).filter(origin -> !origin.isEmpty()).toList();
        clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
        Assert.isTrue(!clockSkew.isNegative(),
                "sync.access.clock-skew (OIDC_CLOCK_SKEW) must not be negative, was " + clockSkew);
        if (jwkSetUri != null && jwkSetUri.toString().isBlank()) {
            jwkSetUri = null;
        }
    }

    /** The authority Spring Security grants for {@link #adminScope}. */
    public String adminAuthority() {
        return "SCOPE_" + adminScope;
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
