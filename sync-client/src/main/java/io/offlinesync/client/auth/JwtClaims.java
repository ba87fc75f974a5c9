package io.offlinesync.client.auth;

import io.offlinesync.client.http.ServerJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The few claims of a JWT a device shows: {@code sub}, {@code preferred_username}, {@code exp}. Read without
 * checking the signature, on purpose: the device only displays who is signed in and until when; the services check
 * every token they are sent (signature, issuer, audience, expiry).
 */
record JwtClaims(String subject, String preferredUsername, Instant expiresAt) {

    /** The claims of {@code token}; empty when it is not a JWT (an issuer may hand out opaque tokens). */
    static Optional<JwtClaims> read(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = ServerJson.MAPPER.readTree(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            if (!claims.isObject()) {
                return Optional.empty();
            }
            JsonNode exp = claims.path("exp");
            return Optional.of(new JwtClaims(text(claims, "sub"), text(claims, "preferred_username"),
                    exp.isNumber() ? Instant.ofEpochSecond(exp.asLong()) : null));
        } catch (RuntimeException notAJwt) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode claims, String name) {
        JsonNode value = claims.path(name);
        return value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }
}
