package io.offlinesync.gateway.ratelimit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.gateway.ingest.ValidBatch;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The push rate limits: per remote address (checked before the body is read, so a flood costs no parsing)
 * and per client (checked once the batch is valid, so only real pushes count). Over either: 429.
 */
@Component
public class PushRateLimits {

    private static final Logger log = LoggerFactory.getLogger(PushRateLimits.class);

    private final TokenBuckets perClient;
    private final TokenBuckets perAddress;

    @Autowired
    public PushRateLimits(RateLimitProperties properties, MeterRegistry meters) {
        this(properties, System::nanoTime);
        log.info("Push rate limits: per client {}, per address {}, at most {} buckets of each",
                describe(properties.pushesPerSecond(), properties.burst()),
                describe(properties.perAddressPushesPerSecond(), properties.perAddressBurst()),
                properties.maxTrackedKeys());
        Gauge.builder("sync.ingest.ratelimit.keys", this, limits -> tracked(limits.perClient)).tag("key", "client")
                .description("Clients with a rate-limit bucket (bounded by sync.rate-limit.max-tracked-keys)")
                .register(meters);
        Gauge.builder("sync.ingest.ratelimit.keys", this, limits -> tracked(limits.perAddress)).tag("key", "address")
                .description("Remote addresses with a rate-limit bucket (bounded by sync.rate-limit.max-tracked-keys)")
                .register(meters);
    }

    /** With a clock of its own, for tests. */
    PushRateLimits(RateLimitProperties properties, LongSupplier nanoTime) {
        perClient = properties.pushesPerSecond() == 0 ? null : new TokenBuckets(properties.pushesPerSecond(),
                properties.burst(), properties.maxTrackedKeys(), nanoTime);
        perAddress = properties.perAddressPushesPerSecond() == 0 ? null : new TokenBuckets(
                properties.perAddressPushesPerSecond(), properties.perAddressBurst(), properties.maxTrackedKeys(),
                nanoTime);
    }

    /**
     * The key a client's pushes are counted under. Issue 14 (sign-in) switches this to the user id; until
     * then it is the clientId the batch names.
     */
    static String clientKey(ValidBatch batch) {
        return batch.clientId();
    }

    /** Before reading the body: throws {@link RateLimitedException} when the address is over its limit. */
    public void checkAddress(String remoteAddress) {
        take(perAddress, remoteAddress, "this address", true);
    }

    /** Once the batch is valid: throws {@link RateLimitedException} when its client is over its limit. */
    public void checkClient(ValidBatch batch) {
        take(perClient, clientKey(batch), "client " + batch.clientId(), false);
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
