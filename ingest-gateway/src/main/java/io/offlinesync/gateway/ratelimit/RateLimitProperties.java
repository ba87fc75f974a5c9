package io.offlinesync.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Settings under {@code sync.rate-limit}: token buckets of pushes, one per signed-in user and one per remote
 * address; a rate of 0 turns that bucket off.
 *
 * @param pushesPerSecond           pushes a user may make per second, sustained, all their devices together
 * @param burst                     pushes a user may make at once after being idle
 * @param perAddressPushesPerSecond pushes one remote address may make per second, all its clients together
 * @param perAddressBurst           pushes one remote address may make at once
 * @param maxTrackedKeys            buckets kept per kind at most; beyond, the longest idle are forgotten
 */
@ConfigurationProperties("sync.rate-limit")
public record RateLimitProperties(
        @DefaultValue("20") double pushesPerSecond,
        @DefaultValue("40") int burst,
        @DefaultValue("200") double perAddressPushesPerSecond,
        @DefaultValue("400") int perAddressBurst,
        @DefaultValue("100000") int maxTrackedKeys) {

    public RateLimitProperties {
        Assert.isTrue(!(pushesPerSecond < 0 || perAddressPushesPerSecond < 0), "sync.rate-limit rates must not be "
                + "negative (0 turns a limit off), were " + pushesPerSecond + " and " + perAddressPushesPerSecond);
        Assert.isTrue(burst >= 1 && perAddressBurst >= 1,
                "sync.rate-limit bursts must be at least 1, were " + burst + " and " + perAddressBurst);
        Assert.isTrue(maxTrackedKeys >= 1,
                "sync.rate-limit.max-tracked-keys must be at least 1, was " + maxTrackedKeys);
    }
}
