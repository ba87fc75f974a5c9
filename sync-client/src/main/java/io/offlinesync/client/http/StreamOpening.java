package io.offlinesync.client.http;

import java.io.InputStream;
import java.time.Duration;

/** What asking the query-api for its live stream ({@code GET /v1/stream}) came to. */
public sealed interface StreamOpening {

    /** {@code 200 text/event-stream}: read the events from {@code body} (close it to end the stream). */
    record Opened(InputStream body) implements StreamOpening {}

    /**
     * No stream to be had here: a 404 (a query-api before the stream), another 4xx, content that is not an event
     * stream, or no answer in time (a proxy that buffers). {@code reason} says which; a device long-polls instead.
     */
    record Unavailable(String reason) implements StreamOpening {}

    /** 429 (too many streams) or a 5xx: ask again after {@code retryAfter} (null: unknown). */
    record RetryLater(int status, Duration retryAfter) implements StreamOpening {}
}
