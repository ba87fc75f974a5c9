package io.offlinesync.gateway.ratelimit;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a client, an address): {@code ratePerSecond} tokens a second, at most
 * {@code burst}; a push takes one. Memory is bounded: a bucket that has refilled completely is the same as
 * none, so such buckets are dropped (the longest idle first, as keys are touched), and beyond
 * {@code maxKeys} the longest idle bucket is forgotten even if not full (its key gets a fresh burst).
 */
final class TokenBuckets {

    /** Whether a push may go ahead, and if not, how long until the key has a token again. */
    record Decision(boolean allowed, long retryAfterNanos) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;
    }

    private final double ratePerNano;
    private final int burst;
    private final int maxKeys;
    private final long refillNanos;
    private final LongSupplier nanoTime;
    // access order: the eldest entry is the bucket touched longest ago
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

    TokenBuckets(double ratePerSecond, int burst, int maxKeys, LongSupplier nanoTime) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.refillNanos = (long) Math.ceil(burst / ratePerNano);
        this.nanoTime = nanoTime;
    }

    synchronized Decision tryTake(String key) {
        long now = nanoTime.getAsLong();
        evictRefilled(now);
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                Iterator<Map.Entry<String, Bucket>> eldest = buckets.entrySet().iterator();
                eldest.next();
                eldest.remove();
            }
            bucket = new Bucket();
            bucket.tokens = burst;
            bucket.updatedNanos = now;
            buckets.put(key, bucket);
        } else {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) * ratePerNano);
            bucket.updatedNanos = now;
        }
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Decision.ALLOWED;
        }
        return new Decision(false, (long) Math.ceil((1 - bucket.tokens) / ratePerNano));
    }

    synchronized int trackedKeys() {
        return buckets.size();
    }

    /** Drops buckets idle long enough to be full again, eldest first; stops at the first still refilling. */
    private void evictRefilled(long now) {
        Iterator<Bucket> eldest = buckets.values().iterator();
        while (eldest.hasNext()) {
            if (now - eldest.next().updatedNanos < refillNanos) {
                return;
            }
            eldest.remove();
        }
    }
}
