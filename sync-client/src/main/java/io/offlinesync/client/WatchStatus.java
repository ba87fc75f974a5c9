package io.offlinesync.client;

import java.util.List;

/**
 * How a {@link SyncClient} watches its lists now: {@code streamed} are carried by its one live stream,
 * {@code longPolled} by a long-poll each (lists the server has no log of for the device yet, lists beyond the
 * stream's 100, or all of them after a fallback), {@code fallbackReason} why the stream is not used (null when it is,
 * or is being opened), {@code streamsOpened} how many stream connections delivered since the first watch (a reconnect
 * counts again).
 */
public record WatchStatus(List<String> streamed, List<String> longPolled, String fallbackReason, int streamsOpened) {

    public WatchStatus {
        streamed = List.copyOf(streamed);
        longPolled = List.copyOf(longPolled);
    }

    static final WatchStatus IDLE = new WatchStatus(List.of(), List.of(), null, 0);
}
