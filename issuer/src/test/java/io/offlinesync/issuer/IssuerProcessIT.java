package io.offlinesync.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.issuer.testing.IssuerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The test fixture other modules use ({@link IssuerProcess}, in the test-jar), on the executable jar this
 * build made: failsafe runs after {@code package}, and the pom gives the jar's path as a system property.
 */
class IssuerProcessIT {

    @Test
    void startsTheJarHandsOutTokensAndStopsIt() {
        IssuerProcess issuer = IssuerProcess.start();
        try {
            assertThat(issuer.issuerUri()).startsWith("http://localhost:");
            Jwt ann = decoder(issuer).decode(issuer.token("ann"));
            assertThat(ann.getSubject()).isEqualTo("ann");
            assertThat(ann.getAudience()).containsExactly("offline-sync");
            assertThat(ann.getClaimAsString("scope")).isEqualTo("openid profile");
            assertThat(ann.getExpiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));

            Jwt operator = decoder(issuer).decode(issuer.adminToken("op"));
            assertThat(operator.getClaimAsString("scope")).contains("sync:admin");

            assertThatThrownBy(() -> issuer.token("not a name")).isInstanceOf(IllegalArgumentException.class);
        } finally {
            issuer.close();
        }
        assertThat(issuer.isAlive()).isFalse();
    }

    @Test
    void environmentOverridesReachTheIssuer() {
        try (IssuerProcess issuer = IssuerProcess.start(Map.of("ISSUER_TOKEN_TTL", "90s", "ISSUER_AUDIENCE", "other-app"))) {
            Jwt jwt = decoder(issuer).decode(issuer.token("bob"));
            assertThat(jwt.getAudience()).containsExactly("other-app");
            assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofSeconds(90));
        }
    }

    @Test
    void aMissingJarIsNamedWithWhatToDo() {
        String before = System.getProperty(IssuerProcess.JAR_PROPERTY);
        System.setProperty(IssuerProcess.JAR_PROPERTY, "/nowhere/issuer-exec.jar");
        try {
            assertThatThrownBy(IssuerProcess::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("build the issuer module");
        } finally {
            restore(before);
        }
    }

    @Test
    void findsTheExecutableJarWalkingUpWithoutTheProperty() {
        String before = System.getProperty(IssuerProcess.JAR_PROPERTY);
        System.clearProperty(IssuerProcess.JAR_PROPERTY);
        try {
            assertThat(IssuerProcess.findJar().getFileName().toString()).startsWith("issuer-").endsWith("-exec.jar");
        } finally {
            restore(before);
        }
    }

    private static void restore(String jar) {
        if (jar == null) {
            System.clearProperty(IssuerProcess.JAR_PROPERTY);
        } else {
            System.setProperty(IssuerProcess.JAR_PROPERTY, jar);
        }
    }

    private static NimbusJwtDecoder decoder(IssuerProcess issuer) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer.issuerUri() + "/oauth2/jwks").build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer.issuerUri()));
        return decoder;
    }
}
