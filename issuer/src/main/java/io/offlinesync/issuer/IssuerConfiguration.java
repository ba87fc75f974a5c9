package io.offlinesync.issuer;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The authorization server's parts as beans, where Spring Authorization Server (and Spring Boot's
 * auto-configuration, which then backs off) looks for them: issuer URL, clients, signing key, token
 * generator, authorization store. Spring's endpoints pick them up; the password grant uses the same ones.
 */
@Configuration(proxyBeanMethods = false)
class IssuerConfiguration {

    @Bean
    AuthorizationServerSettings authorizationServerSettings(IssuerProperties properties, Environment environment) {
        // a fixed issuer, never one derived from the request's Host: a token fetched through 127.0.0.1 must
        // carry the same iss as one fetched through localhost, or the services would refuse one of them
        int port = environment.getProperty("server.port", Integer.class, 8084);
        return AuthorizationServerSettings.builder().issuer(properties.issuerUrl(port)).build();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(IssuerProperties properties) {
        return Clients.repository(properties);
    }

    @Bean
    SigningKey signingKey(IssuerProperties properties) {
        return SigningKey.loadOrCreate(properties.keyFile());
    }

    /** Signs the tokens; the JWKS endpoint publishes its public part. */
    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKey key) {
        return new ImmutableJWKSet<>(new JWKSet(key.rsaKey()));
    }

    /**
     * JWTs (access and ID tokens, with the platform's claims) and refresh tokens for public clients too.
     * As a bean it replaces Spring's default generator, whose refresh tokens skip public clients.
     */
    @Bean
    OAuth2TokenGenerator<?> tokenGenerator(JWKSource<SecurityContext> jwkSource, IssuerProperties properties) {
        JwtGenerator jwts = new JwtGenerator(new NimbusJwtEncoder(jwkSource));
        jwts.setJwtCustomizer(new TokenClaims(properties.audience()));
        return new DelegatingOAuth2TokenGenerator(jwts, new RefreshTokens(Clock.systemUTC()));
    }

    @Bean
    OAuth2AuthorizationService authorizationService(IssuerProperties properties) {
        return new BoundedAuthorizations(properties.maxAuthorizations());
    }
}
