package io.offlinesync.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssuerPropertiesTest {

    static IssuerProperties withUrl(String url) {
        return new IssuerProperties(url, null, "offline-sync", Duration.ofHours(2), Duration.ofHours(24),
                List.of(" http://localhost:5173/callback ", ""), List.of("http://localhost:5173"), 10);
    }

    @Test
    void theIssuerUrlIsTheConfiguredOneElseLocalhostOnThePort() {
        assertThat(withUrl("https://id.example.com:8443/").issuerUrl(8084)).isEqualTo("https://id.example.com:8443");
        assertThat(withUrl("").issuerUrl(8084)).isEqualTo("http://localhost:8084");
        assertThat(withUrl(null).issuerUrl(9999)).isEqualTo("http://localhost:9999");
        assertThatThrownBy(() -> withUrl(null).issuerUrl(0)).hasMessageContaining("set ISSUER_URL");
        assertThat(withUrl(null).webRedirectUris()).containsExactly("http://localhost:5173/callback");
    }

    @Test
    void anIssuerUrlWithAPathQueryOrOtherSchemeIsRefused() {
        for (String bad : List.of("http://localhost:8084/realms/x", "ftp://localhost", "localhost:8084",
                "http://localhost:8084?a=b", "http://localhost:8084#f")) {
            assertThatThrownBy(() -> withUrl(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ISSUER_URL");
        }
    }

    @Test
    void lifetimesAndAudienceAreChecked() {
        assertThatThrownBy(() -> new IssuerProperties(null, null, " ", Duration.ofHours(2), Duration.ofHours(24),
                List.of(), List.of(), 10)).hasMessageContaining("ISSUER_AUDIENCE");
        assertThatThrownBy(() -> new IssuerProperties(null, null, "a", Duration.ZERO, Duration.ofHours(24),
                List.of(), List.of(), 10)).hasMessageContaining("ISSUER_TOKEN_TTL");
    }
}
