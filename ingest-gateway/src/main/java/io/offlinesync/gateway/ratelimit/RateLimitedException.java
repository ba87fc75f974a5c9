package io.offlinesync.gateway.ratelimit;

/** A push over its rate limit: answered 429 with {@code Retry-After}; nothing was written. */
public class RateLimitedException extends RuntimeException {

    private final long retryAfterSeconds;
    private final boolean bodyUnread;

    RateLimitedException(String detail, long retryAfterSeconds, boolean bodyUnread) {
        super(detail);
        this.retryAfterSeconds = retryAfterSeconds;
        this.bodyUnread = bodyUnread;
    }

    /** Whole seconds until the key has a token again, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** True when refused before the body was read: the connection cannot be reused. */
    public boolean bodyUnread() {
        return bodyUnread;
    }
}
