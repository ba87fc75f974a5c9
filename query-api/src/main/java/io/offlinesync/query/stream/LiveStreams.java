package io.offlinesync.query.stream;

import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.query.catchup.LongPollLimits;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

/**
 * Opens live streams within the caps (per user and per instance, 429 beyond) and runs each until it ends. The
 * web layer gives it the caller's view of the lists ({@link ListLog}, {@link StreamAccess}); everything a stream
 * does between its first byte and its last is here.
 */
public final class LiveStreams {

    private final HeadWatch headWatch;
    private final StreamProperties settings;
    private final boolean scaledOut;
    private final LongPollLimits caps;
    private final StreamMeters meters;

    /** @param scaledOut whether other instances own some lists (their advances come from cluster/PeerHeads) */
    public LiveStreams(HeadWatch headWatch, StreamProperties settings, boolean scaledOut, LongPollLimits caps,
                       StreamMeters meters) {
        this.headWatch = headWatch;
        this.settings = settings;
        this.scaledOut = scaledOut;
        this.caps = caps;
        this.meters = meters;
    }

    /**
     * A permit for one stream of {@code caller}, to hold while it runs.
     *
     * @throws LongPollLimits.TooManyLongPolls beyond a cap (429), before anything is written
     */
    public LongPollLimits.Permit admit(String caller) {
        return caps.acquire(caller);
    }

    /**
     * Runs a stream of {@code cursors} (list to the last listVersion the device has) to {@code out}, until
     * {@code validUntil} at the latest (the caller's token expires; null: no end).
     */
    public LiveStream.End run(Map<String, Long> cursors, ListLog source, StreamAccess access, Instant validUntil,
                              OutputStream out) throws InterruptedException {
        return new LiveStream(cursors, source, access, headWatch, settings, scaledOut, meters, validUntil).run(out);
    }

    public StreamProperties settings() {
        return settings;
    }

    /** Streams open now on this instance. */
    public int open() {
        return meters.open();
    }
}
