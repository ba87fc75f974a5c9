package io.offlinesync.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Policy;
import io.offlinesync.protocol.PushBatch;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets on a hand-driven clock: burst, refill, Retry-After, and memory that stays bounded. */
class TokenBucketsTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    @Test
    void aKeyGetsItsBurstThenOneTokenPerIntervalAndOtherKeysAreUntouched() {
        TokenBuckets buckets = new TokenBuckets(20, 40, 1000, now::get);
        for (int k = 0; k < 40; k++) {
            assertThat(buckets.tryTake("ann").allowed()).as("push %d of the burst", k + 1).isTrue();
        }
        TokenBuckets.Decision refused = buckets.tryTake("ann");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterNanos()).isBetween(SECOND / 20 - 1000, SECOND / 20 + 1000);
        assertThat(buckets.tryTake("bob").allowed()).isTrue();

        now.addAndGet(SECOND / 20); // one token back
        assertThat(buckets.tryTake("ann").allowed()).isTrue();
        assertThat(buckets.tryTake("ann").allowed()).isFalse();

        now.addAndGet(SECOND); // 20 more, sustained rate
        for (int k = 0; k < 20; k++) {
            assertThat(buckets.tryTake("ann").allowed()).isTrue();
        }
        assertThat(buckets.tryTake("ann").allowed()).isFalse();
    }

    @Test
    void bucketsThatRefilledAreForgottenAndTheKeysAreCapped() {
        TokenBuckets buckets = new TokenBuckets(20, 40, 100, now::get);
        for (int k = 0; k < 100; k++) {
            buckets.tryTake("client-" + k);
        }
        assertThat(buckets.trackedKeys()).isEqualTo(100);
        // a new key beyond the cap evicts the longest idle one rather than growing the map
        buckets.tryTake("client-new");
        assertThat(buckets.trackedKeys()).isEqualTo(100);

        now.addAndGet(2 * SECOND); // 40 tokens at 20/s: every bucket is full again, the same as none
        buckets.tryTake("client-after");
        assertThat(buckets.trackedKeys()).isEqualTo(1);
    }

    @Test
    void a200000ClientFloodKeepsAtMostTheCap() {
        TokenBuckets buckets = new TokenBuckets(20, 40, 10_000, now::get);
        for (int k = 0; k < 200_000; k++) {
            buckets.tryTake("flood-" + k);
            now.addAndGet(1000);
        }
        assertThat(buckets.trackedKeys()).isEqualTo(10_000);
    }

    @Test
    void retryAfterIsWholeSecondsUntilATokenAndAZeroRateTurnsALimitOff() {
        RateLimitProperties slow = new RateLimitProperties(0.1, 2, 0, 1, 100);
        PushRateLimits limits = new PushRateLimits(slow, now::get);
        limits.checkUser("ann");
        limits.checkUser("ann");
        assertThatThrownBy(() -> limits.checkUser("ann"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.retryAfterSeconds()).isEqualTo(10);
                    assertThat(e.bodyUnread()).isTrue();
                })
                .hasMessageContaining("user ann").hasMessageContaining("nothing was written");
        // another user has a bucket of their own
        assertThatCode(() -> limits.checkUser("bob")).doesNotThrowAnyException();
        now.addAndGet(9 * SECOND + SECOND / 2);
        assertThatThrownBy(() -> limits.checkUser("ann")).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        // the per-address limit has rate 0: off, whatever the traffic
        for (int k = 0; k < 1000; k++) {
            assertThatCode(() -> limits.checkAddress("10.0.0.1")).doesNotThrowAnyException();
        }
    }
}
