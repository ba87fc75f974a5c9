package io.offlinesync.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** The verified-token memory: what it saves, and that it never lets a token in that the decoder would refuse. */
class VerifiedTokensTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    /** Verifies "good-*" tokens (valid one hour from T0, "good-brief-*" two minutes), refuses everything else. */
    private final JwtDecoder issuer = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good-")) {
            throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject(token.substring(5)).issuedAt(T0)
                .expiresAt(T0.plus(token.startsWith("good-brief-") ? Duration.ofMinutes(2) : Duration.ofHours(1))).build();
    };

    private VerifiedTokens tokens(int maxEntries) {
        return new VerifiedTokens(issuer, Duration.ZERO, Duration.ofMinutes(5), maxEntries, clock);
    }

    @Test
    void aTokenIsVerifiedOnceThenRememberedForFiveMinutes() {
        VerifiedTokens tokens = tokens(100);
        Jwt first = tokens.decode("good-ann");
        now = T0.plus(Duration.ofMinutes(4));
        assertThat(tokens.decode("good-ann")).isSameAs(first);
        assertThat(verifications).hasValue(1);
        now = T0.plus(Duration.ofMinutes(6)); // past the memory's age: verified again
        assertThat(tokens.decode("good-ann").getSubject()).isEqualTo("ann");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        VerifiedTokens tokens = tokens(100);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifications).hasValue(3);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aRememberedTokenStillExpires() {
        VerifiedTokens tokens = tokens(100);
        tokens.decode("good-brief-ann");
        now = T0.plus(Duration.ofMinutes(3)); // remembered still, but past its expiry
        assertThatThrownBy(() -> tokens.decode("good-brief-ann")).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(tokens.size()).isZero();
    }

    @Test
    void theMemoryIsBounded() {
        VerifiedTokens tokens = tokens(10);
        for (int i = 0; i < 1_000; i++) {
            tokens.decode("good-user" + i);
            assertThat(tokens.size()).isLessThanOrEqualTo(10);
        }
    }
}
