package io.offlinesync.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers the tokens it has verified, for a while: a device sends the same token with every request for its
 * lifetime, and verifying it again each time (base64 and JSON decoding, an RSA signature check, the claims turned
 * into Java types) was most of what authentication cost per request (BENCHMARKS.md, "Issue 14"). A remembered
 * token is exactly the signed string that passed every check, so only what changes with time is checked again on
 * a hit: its expiry. An entry is kept at most {@code maxAge} (a key the issuer withdraws stops a token within
 * that), and the set holds at most {@code maxEntries} tokens (beyond, it starts over: never unbounded).
 */
final class VerifiedTokens implements JwtDecoder {

    private record Verified(Jwt jwt, Instant until) {}

    private final JwtDecoder decoder;
    private final JwtTimestampValidator expiry;
    private final Duration maxAge;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder decoder, Duration clockSkew, Duration maxAge, int maxEntries, Clock clock) {
        this.decoder = decoder;
        this.expiry = new JwtTimestampValidator(clockSkew);
        this.expiry.setClock(clock);
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Verified known = verified.get(token);
        if (known != null && now.isBefore(known.until())) {
            OAuth2TokenValidatorResult stillValid = expiry.validate(known.jwt());
            if (!stillValid.hasErrors()) {
                return known.jwt();
            }
            verified.remove(token);
            throw new JwtValidationException("The token has expired", stillValid.getErrors());
        }
        Jwt jwt = decoder.decode(token); // throws for anything that does not verify: nothing is remembered then
        if (verified.size() >= maxEntries) {
            verified.clear();
        }
        verified.put(token, new Verified(jwt, now.plus(maxAge)));
        return jwt;
    }

    int size() {
        return verified.size();
    }
}
