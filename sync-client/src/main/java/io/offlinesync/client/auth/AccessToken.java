package io.offlinesync.client.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An access token to send as {@code Authorization: Bearer}, and when it expires ({@code expiresAt} null: not known;
 * the SDK then learns it from a 401). {@link #toString()} never shows the token, because records end up in log lines
 * and exception messages.
 */
public record AccessToken(String value, Instant expiresAt) {

    public AccessToken {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            // a header value: a line break in it would let a token write headers of its own
            throw new IllegalArgumentException("an access token is printable ASCII without spaces");
        }
    }

    /** Whether it expires within {@code margin} of {@code now} (or has expired); false when the expiry is unknown. */
    public boolean expiresWithin(Duration margin, Instant now) {
        return expiresAt != null && !now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[" + (expiresAt == null ? "expiry unknown" : "expires " + expiresAt) + "]";
    }
}
