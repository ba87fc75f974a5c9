package io.offlinesync.issuer;

import static io.offlinesync.issuer.Browserless.form;
import static io.offlinesync.issuer.Browserless.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * With ISSUER_KEY_FILE the signing key survives a restart: the same kid is published, and a token issued
 * before the restart still verifies against the JWKS served after it. Without it every start has a new key.
 */
class KeyFileRestartTest {

    @TempDir
    Path dir;

    final Browserless client = new Browserless();

    @Test
    void theKeyFileKeepsTheKeyAcrossARestart() throws Exception {
        Path keyFile = dir.resolve("stack/issuer/signing-key.jwk");
        int port = IssuerHttpTest.freePort();
        String issuer = "http://localhost:" + port;

        String kid;
        String token;
        try (ConfigurableApplicationContext first = start(port, keyFile)) {
            kid = kid(issuer);
            token = (String) json(client.postForm(issuer + "/oauth2/token", form("grant_type", "password",
                    "client_id", "offline-sync-cli", "username", "ann", "password", "ann")).body()).get("access_token");
        }
        assertThat(keyFile).exists();
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(keyFile)).contains("\"kid\":\"" + kid + "\"").contains("\"d\":");

        try (ConfigurableApplicationContext second = start(port, keyFile)) {
            assertThat(kid(issuer)).isEqualTo(kid);
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer + "/oauth2/jwks").build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
            Jwt jwt = decoder.decode(token);
            assertThat(jwt.getSubject()).isEqualTo("ann");
        }
    }

    @Test
    void withoutAKeyFileEveryStartHasANewKey() throws Exception {
        int port = IssuerHttpTest.freePort();
        String first;
        try (ConfigurableApplicationContext app = start(port, null)) {
            first = kid("http://localhost:" + port);
        }
        try (ConfigurableApplicationContext app = start(port, null)) {
            assertThat(kid("http://localhost:" + port)).isNotEqualTo(first);
        }
    }

    @Test
    void anUnreadableKeyFileStopsTheStartAndIsLeftAlone() throws Exception {
        Path keyFile = dir.resolve("broken.jwk");
        Files.writeString(keyFile, "not a key");
        assertThatThrownBy(() -> start(IssuerHttpTest.freePort(), keyFile).close())
                .hasStackTraceContaining("is not an RSA JWK");
        assertThat(keyFile).hasContent("not a key");
    }

    private static ConfigurableApplicationContext start(int port, Path keyFile) {
        return IssuerApplication.app().run("--server.port=" + port,
                "--issuer.key-file=" + (keyFile == null ? "" : keyFile.toString()), "--issuer.url=");
    }

    @SuppressWarnings("unchecked")
    private String kid(String issuer) throws Exception {
        Map<String, Object> jwks = json(client.get(issuer + "/oauth2/jwks").body());
        List<Map<String, Object>> keys = (List<Map<String, Object>>) jwks.get("keys");
        assertThat(keys).hasSize(1);
        return (String) keys.get(0).get("kid");
    }
}
