package io.offlinesync.access;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Every service of the platform is an OAuth2 resource server: a request carries a JWT of the configured
 * OpenID Connect issuer, checked against the issuer's published keys, its expiry, issuer and audience.
 * <ul>
 *   <li>the liveness and readiness probes, the API description and the error page are open;</li>
 *   <li>{@code /admin/**} and every other actuator endpoint need the operator scope ({@code sync:admin});</li>
 *   <li>everything else needs a valid token; what a user may do with a list is decided further in (membership).</li>
 * </ul>
 * Nothing here knows which issuer it is: the local stack's, Keycloak, Auth0 or Cognito only differ by settings.
 * Sessions are never created: each request stands on its own token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(AccessProperties.class)
public class ServiceSecurity {

    private static final Logger log = LoggerFactory.getLogger(ServiceSecurity.class);

    /** Open to anyone: orchestrators probe without tokens, and the API description documents how to get one. */
    static final String[] PUBLIC_PATHS = {"/actuator/health/liveness", "/actuator/health/readiness",
            "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**", "/error"};

    @Bean
    SecurityFilterChain serviceSecurityChain(HttpSecurity http, AccessProperties access, JwtDecoder decoder) {
        ProblemAnswers answers = new ProblemAnswers(access.adminScope());
        http.csrf(csrf -> csrf.disable()) // no cookies, no sessions: a bearer token cannot be ridden cross-site
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PUBLIC_PATHS).permitAll()
                        .requestMatchers("/admin/**", "/actuator/**").hasAuthority(access.adminAuthority())
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(decoder)
                                .jwtAuthenticationConverter(new UserIdAuthentication(access.userClaim())))
                        .authenticationEntryPoint(answers)
                        .accessDeniedHandler(answers)
                        // RFC 9728 metadata (/.well-known/oauth-protected-resource) that tells a client the truth:
                        // which issuer's tokens, which scopes, in a header, no certificate binding
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(m -> m
                                .authorizationServers(servers -> {
                                    servers.clear();
                                    servers.add(access.issuerUri().toString());
                                })
                                .scopes(scopes -> {
                                    scopes.clear();
                                    scopes.add(access.adminScope());
                                })
                                .bearerMethods(methods -> {
                                    methods.clear();
                                    methods.add("header");
                                })
                                .tlsClientCertificateBoundAccessTokens(false))))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(answers).accessDeniedHandler(answers));
        if (access.corsAllowedOrigins().isEmpty()) {
            http.cors(cors -> cors.disable());
        } else {
            http.cors(Customizer.withDefaults()); // uses the CorsConfigurationSource bean below
        }
        return http.build();
    }

    /**
     * Checks signature, expiry (with the configured clock skew), issuer and audience, and remembers tokens that
     * passed for five minutes ({@link VerifiedTokens}: only their expiry is checked again). The keys are fetched on the first
     * request, not at startup, so a service starts while its issuer is still starting; a failed fetch is
     * tried again on the next request.
     */
    @Bean
    JwtDecoder jwtDecoder(AccessProperties access) {
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(access.clockSkew()),
                new JwtIssuerValidator(access.issuerUri().toString()),
                new JwtAudienceValidator(access.audience()));
        log.info("Accepting tokens of issuer {} for audience '{}', user id from claim '{}', operators with scope '{}'{}",
                access.issuerUri(), access.audience(), access.userClaim(), access.adminScope(),
                access.jwkSetUri() == null ? "" : ", keys from " + access.jwkSetUri());
        JwtDecoder verifying = new SupplierJwtDecoder(() -> {
            JwtDecoder keys = access.jwkSetUri() != null
                    ? NimbusJwtDecoder.withJwkSetUri(access.jwkSetUri().toString()).build()
                    : JwtDecoders.fromIssuerLocation(access.issuerUri().toString());
            if (keys instanceof NimbusJwtDecoder nimbus) {
                nimbus.setJwtValidator(validator);
            }
            return keys;
        });
        return new VerifiedTokens(verifying, access.clockSkew(), Duration.ofMinutes(5), 100_000, Clock.systemUTC());
    }

    /**
     * Spring Security wraps every filter of every request in a Micrometer observation when a registry is present: a
     * cost on each request (8% of the gateway's samples under load, BENCHMARKS.md "Issue 14") for traces nobody
     * reads here. Refusals are counted by the answers' statuses and logged instead.
     */
    @Bean
    static SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    Callers callers(AccessProperties access) {
        return new Callers(access);
    }

    /** Cross-origin calls from the configured browser origins: the bearer token travels in a header, no cookies. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(AccessProperties access) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(access.corsAllowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Last-Event-ID"));
        cors.setExposedHeaders(List.of("Retry-After", "Location", "WWW-Authenticate", "X-Served-By", "X-Served-From",
                "X-Standby-Lag"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
