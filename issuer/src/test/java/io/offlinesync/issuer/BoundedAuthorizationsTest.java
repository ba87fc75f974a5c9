package io.offlinesync.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

class BoundedAuthorizationsTest {

    final RegisteredClient cli = Clients.cli(new IssuerProperties(null, null, "offline-sync", Duration.ofHours(2),
            Duration.ofHours(24), List.of(), List.of(), 10));

    @Test
    void theOldestAuthorizationIsForgottenBeyondTheBound() {
        BoundedAuthorizations store = new BoundedAuthorizations(3);
        for (int i = 1; i <= 5; i++) {
            store.save(authorization("a" + i, "r" + i));
        }
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.findByToken("r1", OAuth2TokenType.REFRESH_TOKEN)).isNull();
        assertThat(store.findByToken("r2", OAuth2TokenType.REFRESH_TOKEN)).isNull();
        assertThat(store.findByToken("r5", OAuth2TokenType.REFRESH_TOKEN)).isNotNull();

        // saving an authorization again (a rotated refresh token) does not count it twice
        store.save(authorization("a3", "r3b"));
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.findByToken("r3b", null)).extracting(OAuth2Authorization::getId).isEqualTo("a3");
        store.remove(store.findById("a4"));
        assertThat(store.size()).isEqualTo(2);
    }

    private OAuth2Authorization authorization(String id, String refreshToken) {
        return OAuth2Authorization.withRegisteredClient(cli).id(id).principalName("ann")
                .authorizationGrantType(PasswordGrant.TYPE)
                .refreshToken(new OAuth2RefreshToken(refreshToken, Instant.now(), Instant.now().plusSeconds(60)))
                .build();
    }
}
