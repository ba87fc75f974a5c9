package io.offlinesync.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code sync.*}; application.yml maps the environment variables onto them.
 *
 * @param inboxTopic  topic every accepted batch is appended to, one record per batch
 * @param ackTimeout  how long a request waits for the broker's acknowledgement before answering 503
 * @param retryAfter  the {@code Retry-After} a 503 advertises (rounded up to whole seconds)
 * @param maxInFlightBytes  bytes of batches queued for the sender or awaiting the broker's ack, at most;
 *                          a batch that would go beyond is shed with 503 (estimated record size)
 * @param maxQueuedBatches  batches waiting for the sender thread, at most; beyond that 503 too
 * @param bodyReadTimeout   a push body must arrive in full within this (from when the gateway starts
 *                          reading it), and no read of it may wait longer: else 408 and the connection closed
 * @param maxInFlightBytesPerAddress  bytes of request bodies in progress one remote address may hold on the
 *                          in-flight budget; beyond it 429 (an address holding nothing is always admitted)
 */
@ConfigurationProperties("sync")
public record GatewayProperties(
        @DefaultValue("todo.inbox") String inboxTopic,
        @DefaultValue("10s") Duration ackTimeout,
        @DefaultValue("2s") Duration retryAfter,
        @DefaultValue("64MB") DataSize maxInFlightBytes,
        @DefaultValue("1024") int maxQueuedBatches,
        @DefaultValue Registry registry,
        @DefaultValue("10s") Duration bodyReadTimeout,
        @DefaultValue("8MB") DataSize maxInFlightBytesPerAddress) {

    public GatewayProperties {
        Assert.isTrue(!ackTimeout.isNegative() && ackTimeout.toMillis() >= 100,
                "sync.ack-timeout must be at least 100ms, was " + ackTimeout);
        Assert.isTrue(!retryAfter.isNegative(), "sync.retry-after must not be negative, was " + retryAfter);
        Assert.isTrue(maxInFlightBytes.toBytes() >= 1,
                "sync.max-in-flight-bytes must be positive, was " + maxInFlightBytes);
        Assert.isTrue(bodyReadTimeout.toMillis() >= 100,
                "sync.body-read-timeout must be at least 100ms, was " + bodyReadTimeout);
        Assert.isTrue(maxInFlightBytesPerAddress.toBytes() >= 1,
                "sync.max-in-flight-bytes-per-address must be positive, was " + maxInFlightBytesPerAddress);
        Assert.isTrue(maxQueuedBatches >= 1, "sync.max-queued-batches must be at least 1, was " + maxQueuedBatches);
    }

    /** Whole seconds for the {@code Retry-After} header, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /**
     * @param url               registry base URL (Apicurio 3; the ccompat API is under it)
     * @param registerOnStartup register the inbox subject and its BACKWARD_TRANSITIVE rule before serving
     * @param startupTimeout    how long startup waits for the registry to come up
     */
    public record Registry(
            @DefaultValue("http://localhost:8080") String url,
            @DefaultValue("true") boolean registerOnStartup,
            @DefaultValue("60s") Duration startupTimeout) {
    }
}
