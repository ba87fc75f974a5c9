package io.offlinesync.issuer;

import static org.springframework.security.config.Customizer.withDefaults;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Two filter chains: the authorization server's endpoints (Spring's, plus the password grant and public
 * clients without PKCE), and everything else: the login form (Spring Security's, fields {@code username}
 * and {@code password}) and the health probe.
 */
@Configuration(proxyBeanMethods = false)
class IssuerSecurity {

    /** The endpoints a browser app calls by script, so CORS applies to them (the rest are page loads). */
    static final List<String> CORS_PATHS = List.of("/oauth2/token", "/oauth2/jwks", "/.well-known/openid-configuration",
            "/userinfo");

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, RegisteredClientRepository clients,
            DevelopmentUsers users, OAuth2AuthorizationService authorizations, OAuth2TokenGenerator<? extends OAuth2Token> tokens,
            AuthorizationServerSettings settings) {
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.clientAuthentication(client -> client
                            .authenticationConverter(new PublicClientConverter(settings.getDeviceAuthorizationEndpoint()))
                            .authenticationProvider(new PublicClientProvider(clients)))
                    .tokenEndpoint(token -> token
                            .accessTokenRequestConverter(new PasswordGrantConverter())
                            .authenticationProvider(new PasswordGrantProvider(users, authorizations, tokens)))
                    // RFC 8628: a device shows a user code, the user signs in here and enters it. Spring asks for
                    // consent on every device verification whatever the client's settings; the issuer's clients
                    // say no consent screen, so their setting decides here too
                    .deviceAuthorizationEndpoint(withDefaults())
                    .deviceVerificationEndpoint(verification -> verification.authenticationProviders(providers -> providers
                            .forEach(provider -> {
                                if (provider instanceof OAuth2DeviceVerificationAuthenticationProvider device) {
                                    device.setAuthorizationConsentRequired(context ->
                                            context.getRegisteredClient().getClientSettings().isRequireAuthorizationConsent());
                                }
                            })))
                    .oidc(oidc -> oidc.providerConfigurationEndpoint(discovery -> discovery
                            .providerConfigurationCustomizer(config -> config
                                    .grantType(PasswordGrant.TYPE.getValue())
                                    // both clients are public: they authenticate with their client_id alone
                                    .tokenEndpointAuthenticationMethod("none")
                                    .scopes(scopes -> {
                                        scopes.clear();
                                        scopes.addAll(List.of(Scopes.OPENID, Scopes.PROFILE, Scopes.SYNC_ADMIN));
                                    }))));
        });
        http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated());
        // the userinfo endpoint takes an access token
        http.oauth2ResourceServer(resourceServer -> resourceServer.jwt(withDefaults()));
        // a browser that is not signed in is sent to the login form, and comes back to /oauth2/authorize after it
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        http.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                new LoginUrlAuthenticationEntryPoint("/login"), html));
        // the bean named corsConfigurationSource (below)
        http.cors(withDefaults());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginChain(HttpSecurity http) {
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(withDefaults())
                // a CORS preflight of the token endpoint (OPTIONS) is not an authorization server request: it lands here
                .cors(withDefaults());
        return http.build();
    }

    /** Found by name by both chains' CORS filter. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(IssuerProperties properties) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(properties.corsOrigins());
        config.setAllowedMethods(List.of("GET", "POST"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        config.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        CORS_PATHS.forEach(path -> source.registerCorsConfiguration(path, config));
        return source;
    }
}
