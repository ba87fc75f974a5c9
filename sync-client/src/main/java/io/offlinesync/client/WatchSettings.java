package io.offlinesync.client;

import java.time.Duration;

/**
 * How a {@link SyncClient} watches lists ({@link SyncClient#watch}).
 *
 * @param stream          whether to use the query-api's live stream ({@code GET /v1/stream}, one connection for all
 *                        watched lists); false: long-poll each list, as before protocol v1.1
 * @param firstBytes      the stream's answer and its first bytes (the server sends a heartbeat at once) must arrive
 *                        within this, or the device concludes that something in between buffers the stream and
 *                        long-polls instead
 * @param silence         a stream that sends nothing for this long is dead (the server sends a heartbeat at least
 *                        every 15 s): it is dropped and reopened
 * @param retryStreamAfter after falling back to long-poll, the stream is tried again after this long
 * @param reconnect       the backoff between failed attempts to reach the server (its {@code maxAttempts} is not
 *                        used: a watch keeps trying until it is closed)
 */
public record WatchSettings(boolean stream, Duration firstBytes, Duration silence, Duration retryStreamAfter,
                            RetryPolicy reconnect) {

    /** The stream, 5 s for its first bytes, 45 s of silence (three heartbeats), the stream again after 5 min. */
    public static final WatchSettings DEFAULT = new WatchSettings(true, Duration.ofSeconds(5), Duration.ofSeconds(45),
            Duration.ofMinutes(5), RetryPolicy.DEFAULT);

    /** Long-poll only, as before the live stream (say, behind a proxy known to buffer it). */
    public static final WatchSettings LONG_POLL = DEFAULT.withStream(false);

    public WatchSettings {
        if (firstBytes.isNegative() || firstBytes.isZero() || silence.isNegative() || silence.isZero()) {
            throw new IllegalArgumentException("firstBytes and silence must be positive");
        }
    }

    public WatchSettings withStream(boolean on) {
        return new WatchSettings(on, firstBytes, silence, retryStreamAfter, reconnect);
    }

    public WatchSettings withFirstBytes(Duration within) {
        return new WatchSettings(stream, within, silence, retryStreamAfter, reconnect);
    }

    public WatchSettings withSilence(Duration limit) {
        return new WatchSettings(stream, firstBytes, limit, retryStreamAfter, reconnect);
    }

    public WatchSettings withRetryStreamAfter(Duration after) {
        return new WatchSettings(stream, firstBytes, silence, after, reconnect);
    }

    public WatchSettings withReconnect(RetryPolicy backoff) {
        return new WatchSettings(stream, firstBytes, silence, retryStreamAfter, backoff);
    }
}
