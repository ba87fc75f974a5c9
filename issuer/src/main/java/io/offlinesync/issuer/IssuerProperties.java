package io.offlinesync.issuer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Settings under {@code issuer.*}; issuer.yml maps the {@code ISSUER_*} environment variables onto them.
 *
 * @param url             the public issuer URL: the {@code iss} of every token and the base of the discovery
 *                        document; empty means {@code http://localhost:<server.port>}
 * @param keyFile         where the RSA signing key is kept (read, or created on first start) so that tokens
 *                        survive a restart; empty means a new key at every start
 * @param audience        the {@code aud} of every access token
 * @param tokenTtl        lifetime of an access token
 * @param refreshTokenTtl lifetime of a refresh token (they live in memory: a restart forgets them anyway)
 * @param webRedirectUris where the web client may be sent back with its authorization code
 * @param corsOrigins     browser origins allowed to call the token, JWKS, discovery and userinfo endpoints
 * @param maxAuthorizations authorizations (refresh tokens, pending codes) kept in memory at most; the oldest
 *                        is forgotten beyond it, so a test minting many tokens cannot exhaust a small heap
 */
@ConfigurationProperties("issuer")
public record IssuerProperties(
        String url,
        Path keyFile,
        @DefaultValue("offline-sync") String audience,
        @DefaultValue("2h") Duration tokenTtl,
        @DefaultValue("24h") Duration refreshTokenTtl,
        @DefaultValue({"http://localhost:5173/callback", "http://localhost:8085/callback"}) List<String> webRedirectUris,
        @DefaultValue({"http://localhost:5173", "http://localhost:8085"}) List<String> corsOrigins,
        @DefaultValue("10000") int maxAuthorizations) {

    public IssuerProperties {
        url = url == null || url.isBlank() ? null : stripTrailingSlash(url.trim());
        if (url != null) {
            URI uri = URI.create(url);
            // no path either: the endpoints are served at the root, so discovery must be found there
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getQuery() != null
                    || uri.getFragment() != null) {
                throw new IllegalArgumentException("issuer.url (ISSUER_URL) must be an http(s) URL of a host and port,"
                        + " without path, query or fragment, was " + url);
            }
        }
        if (keyFile != null && keyFile.toString().isBlank()) {
            keyFile = null;
        }
        Assert.isTrue(audience != null && !audience.isBlank(), "issuer.audience (ISSUER_AUDIENCE) must not be empty");
        Assert.isTrue(tokenTtl.toSeconds() >= 1,
                "issuer.token-ttl (ISSUER_TOKEN_TTL) must be at least 1s, was " + tokenTtl);
        Assert.isTrue(refreshTokenTtl.toSeconds() >= 1,
                "issuer.refresh-token-ttl must be at least 1s, was " + refreshTokenTtl);
        webRedirectUris = nonBlank(webRedirectUris);
        corsOrigins = nonBlank(corsOrigins);
        Assert.isTrue(maxAuthorizations >= 1, "issuer.max-authorizations must be at least 1, was " + maxAuthorizations);
    }

    /** The issuer URL: the configured one, else {@code http://localhost:<port>} (refused for a random port). */
    public String issuerUrl(int serverPort) {
        if (url != null) {
            return url;
        }
        if (serverPort <= 0) {
            throw new IllegalStateException("server.port is " + serverPort + ": set ISSUER_URL (issuer.url), the issuer"
                    + " must know its public URL before it listens");
        }
        return "http://localhost:" + serverPort;
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
