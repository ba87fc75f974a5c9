package io.offlinesync.client;

import io.offlinesync.client.http.ServerUnreachableException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a sync call is retried: up to {@code maxAttempts} tries, waiting an
 * exponentially growing delay ({@code base}, 2x, 4x, ... capped at {@code max}) with jitter between tries,
 * or the server's Retry-After when it sent one (capped at {@code max} too, so a sync never hangs).
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {

    /** For a sync an app starts: about half a minute of patience. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(5));

    /** For a command line: a down server is reported within about a second. */
    public static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(150), Duration.ofSeconds(2));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
    }

    /** The wait before try {@code attempt + 1} (attempt counts from 1); {@code retryAfter} may be null. */
    public Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(max) > 0 ? max : retryAfter;
        }
        long exp = base.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(exp, max.toMillis());
        // "equal jitter": half fixed, half random, so retrying devices spread out but still back off
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /** One try of a call {@link #call} repeats; {@code attempt} counts from 1. */
    interface Attempt<T> {
        T call(int attempt) throws ServerUnreachableException, InterruptedException;
    }

    /**
     * Tries {@code attempt} until it answers, at most {@code maxAttempts} times, waiting {@link #delay} (the server's
     * Retry-After when the exception carries one) between tries; the last try's exception is thrown.
     */
    <T> T call(Attempt<T> attempt) throws ServerUnreachableException, InterruptedException {
        for (int n = 1; ; n++) {
            try {
                return attempt.call(n);
            } catch (ServerUnreachableException e) {
                if (n >= maxAttempts) {
                    throw e;
                }
                Thread.sleep(delay(n, e.retryAfter()));
            }
        }
    }
}
