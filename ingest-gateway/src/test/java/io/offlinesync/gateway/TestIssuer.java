package io.offlinesync.gateway;

import io.offlinesync.issuer.testing.IssuerProcess;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real development issuer the gateway's tests take their tokens from: one per test JVM
 * ({@link IssuerProcess#shared()}, stopped when the JVM exits). Tokens are valid two hours, so each user's is
 * fetched once.
 */
final class TestIssuer {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private TestIssuer() {
    }

    /** What {@code sync.access.issuer-uri} ({@code OIDC_ISSUER_URI}) must be for the gateway to take the tokens. */
    static String issuerUri() {
        return IssuerProcess.shared().issuerUri();
    }

    /** An access token of {@code user}, a plain user. */
    static String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> IssuerProcess.shared().token(u));
    }

    /** An access token of {@code user} with the operator scope {@code sync:admin}. */
    static String adminToken(String user) {
        return TOKENS.computeIfAbsent("admin:" + user, u -> IssuerProcess.shared().adminToken(user));
    }

    /** The {@code Authorization} header's value for {@code user}. */
    static String bearer(String user) {
        return "Bearer " + token(user);
    }

    /** {@code Authorization: Bearer <user's token>} as a line of a raw HTTP/1.1 head, CRLF included. */
    static String authorizationLine(String user) {
        return "Authorization: " + bearer(user) + "\r\n";
    }
}
