package io.offlinesync.gateway.ratelimit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The push rate limits: per remote address (checked before the body is read, so a flood costs no parsing)
 * and per signed-in user (also before the body is read: the token names the user). Over either: 429.
 */
@Component
public class PushRateLimits {

    private static final Logger log = LoggerFactory.getLogger(PushRateLimits.class);

    private final TokenBuckets perUser;
    private final TokenBuckets perAddress;

    @Autowired
    public PushRateLimits(RateLimitProperties properties, MeterRegistry meters) {
        this(properties, System::nanoTime);
        log.info("Push rate limits: per user {}, per address {}, at most {} buckets of each",
                describe(properties.pushesPerSecond(), properties.burst()),
                describe(properties.perAddressPushesPerSecond(), properties.perAddressBurst()),
                properties.maxTrackedKeys());
        Gauge.builder("sync.ingest.ratelimit.keys", this, limits -> tracked(limits.perUser)).tag("key", "user")
                .description("Users with a rate-limit bucket (bounded by sync.rate-limit.max-tracked-keys)")
                .register(meters);
        Gauge.builder("sync.ingest.ratelimit.keys", this, limits -> tracked(limits.perAddress)).tag("key", "address")
                .description("Remote addresses with a rate-limit bucket (bounded by sync.rate-limit.max-tracked-keys)")
                .register(meters);
    }

    /** With a clock of its own, for tests. */
    PushRateLimits(RateLimitProperties properties, LongSupplier nanoTime) {
        perUser = properties.pushesPerSecond() == 0 ? null : new TokenBuckets(properties.pushesPerSecond(),
                properties.burst(), properties.maxTrackedKeys(), nanoTime);
        perAddress = properties.perAddressPushesPerSecond() == 0 ? null : new TokenBuckets(
                properties.perAddressPushesPerSecond(), properties.perAddressBurst(), properties.maxTrackedKeys(),
                nanoTime);
    }

    /** Before reading the body: throws {@link RateLimitedException} when the address is over its limit. */
    public void checkAddress(String remoteAddress) {
        take(perAddress, remoteAddress, "this address", true);
    }

    /**
     * Before reading the body too: throws {@link RateLimitedException} when the signed-in user is over the limit,
     * all their devices together. Counted by user, not by clientId: a clientId is the caller's to choose, the
     * user id is the issuer's.
     */
    public void checkUser(String userId) {
        take(perUser, userId, "user " + userId, true);
    }

    private static void take(TokenBuckets buckets, String key, String who, boolean bodyUnread) {
        if (buckets == null) {
            return;
        }
        TokenBuckets.Decision decision = buckets.tryTake(key);
        if (!decision.allowed()) {
            long seconds = Math.max(1, (decision.retryAfterNanos() + 999_999_999L) / 1_000_000_000L);
            throw new RateLimitedException("too many pushes from " + who + ": nothing was written; retry the same "
                    + "events after " + seconds + " s", seconds, bodyUnread);
        }
    }

    private static String describe(double perSecond, int burst) {
        return perSecond == 0 ? "off" : perSecond + "/s (bursts of " + burst + ")";
    }

    private static double tracked(TokenBuckets buckets) {
        return buckets == null ? 0 : buckets.trackedKeys();
    }
}
