package io.offlinesync.gateway.admission;

import java.time.Duration;

/**
 * Whether the gateway takes pushes, decided from the pipeline's lag alone (no clock, no Kafka: every input
 * is an argument, so the rules are tested as they are). Each reading, or failure to read, gives the next
 * decision.
 *
 * <ul>
 *   <li>Closed when the inbox lag is above its bound or the events lag is above its bound.</li>
 *   <li>Once closed, it reopens only when both lags are below 80% of their bounds: a lag hovering at its bound
 *       would otherwise open and close the door at every reading.</li>
 *   <li>Between readings, while open, each admitted push the last reading may not hold (one not done when the
 *       reading started, or admitted since) counts as one more batch of each lag (a push is one inbox record and,
 *       sequenced, one record of the canonical log): a push that would take the last reading plus those over a
 *       bound is refused ({@link #refuses(long, long)}). Without this the lag overshot its bound by whatever the
 *       devices pushed within one interval (2.5 to 4 times bounds of 100 to 200, measured); with it, the lag stays
 *       within its bound however fast devices push.</li>
 *   <li>{@code Retry-After} is the time the lags need to drain below that reopening level at the rate the
 *       pipeline drained them between the last two readings (how far the readers' positions advanced: not the net
 *       change of the lag, which is growing at the very reading that closes the admission, as pushes were still
 *       taken until then), in whole seconds from 1 to 30: 1 when there is no earlier reading to tell the rate, 30
 *       when the reader did not advance (a stalled sequencer is not worth a device's retry every second).</li>
 *   <li>When the lag cannot be read, the last decision stands until {@code staleAfter} has passed since the
 *       last reading; then the admission opens (fail open: a dead broker is already answered by the broker probe
 *       and the ack timeout, and an admission that cannot see the pipeline must not refuse on old news).</li>
 * </ul>
 *
 * @param bounds            the two bounds
 * @param staleAfter        how long a reading counts when no newer one comes (three intervals)
 * @param closed            whether pushes are refused
 * @param last              the latest reading, or null before the first
 * @param previous          the reading before it, or null
 * @param retryAfterSeconds while closed, the {@code Retry-After} to answer; 0 while open
 * @param error             why the latest attempt to read the lag failed, or null when it succeeded
 */
public record Admission(Bounds bounds, Duration staleAfter, boolean closed, LagReading last, LagReading previous,
                        long retryAfterSeconds, String error) {

    /** The fraction of each bound a lag must fall below before a closed admission reopens. */
    public static final double REOPEN_AT = 0.8;
    public static final long MIN_RETRY_AFTER_SECONDS = 1;
    public static final long MAX_RETRY_AFTER_SECONDS = 30;

    /**
     * @param maxInboxLag  batches of the inbox not yet sequenced, at most
     * @param maxEventsLag records of the canonical log (one per sequenced batch) not yet indexed, at most
     */
    public record Bounds(long maxInboxLag, long maxEventsLag) {

        public Bounds {
            if (maxInboxLag < 1 || maxEventsLag < 1) {
                throw new IllegalArgumentException("bounds must be at least 1: " + maxInboxLag + ", " + maxEventsLag);
            }
        }

        /** The inbox lag must be below this for a closed admission to reopen. */
        public double reopenInboxBelow() {
            return maxInboxLag * REOPEN_AT;
        }

        /** The events lag must be below this for a closed admission to reopen. */
        public double reopenEventsBelow() {
            return maxEventsLag * REOPEN_AT;
        }
    }

    /** Open, with nothing read yet. */
    public static Admission initial(Bounds bounds, Duration staleAfter) {
        return new Admission(bounds, staleAfter, false, null, null, 0, null);
    }

    /** The decision after {@code reading}. */
    public Admission read(LagReading reading) {
        boolean over = over(reading);
        boolean drained = reading.inboxLag() < bounds.reopenInboxBelow()
                && reading.eventsLag() < bounds.reopenEventsBelow();
        boolean nowClosed = over || (closed && !drained);
        long retryAfter = nowClosed ? retryAfter(bounds, last, reading) : 0;
        return new Admission(bounds, staleAfter, nowClosed, reading, last, retryAfter, null);
    }

    /**
     * The decision after an attempt to read the lag failed at {@code nowNanos}: the last one, unless the last
     * reading is {@code staleAfter} old or older (or there is none); then open.
     */
    public Admission unreadable(String why, long nowNanos) {
        boolean keep = closed && !stale(nowNanos);
        return new Admission(bounds, staleAfter, keep, last, previous, keep ? retryAfterSeconds : 0, why);
    }

    /** Whether a push arriving at {@code nowNanos} is refused: closed, on a reading that is not stale. */
    public boolean refuses(long nowNanos) {
        return refuses(nowNanos, 0); // open with a reading over a bound cannot be: that reading closed it
    }

    /**
     * Whether a push arriving at {@code nowNanos} is refused when {@code admitted} admitted pushes, this one
     * included, may be missing from the last reading: closed, or open with the last reading's lags plus
     * {@code admitted} over a bound; never on a stale reading (fail open).
     */
    public boolean refuses(long nowNanos, long admitted) {
        if (stale(nowNanos)) {
            return false;
        }
        return closed || over(estimate(admitted));
    }

    /** {@code Retry-After} for a push refused by {@link #refuses(long, long)} with {@code admitted}. */
    public long retryAfterSeconds(long admitted) {
        if (closed) {
            return retryAfterSeconds;
        }
        return last == null ? MIN_RETRY_AFTER_SECONDS : retryAfter(bounds, previous, estimate(admitted));
    }

    /** The last reading with {@code admitted} more batches behind on each topic. */
    public LagReading estimate(long admitted) {
        return admitted == 0 ? last : new LagReading(last.inboxLag() + admitted, last.eventsLag() + admitted,
                last.inboxPosition(), last.eventsPosition(), last.atNanos());
    }

    private boolean over(LagReading reading) {
        return reading.inboxLag() > bounds.maxInboxLag() || reading.eventsLag() > bounds.maxEventsLag();
    }

    /** True when there is no reading, or the latest is {@code staleAfter} old or older. */
    public boolean stale(long nowNanos) {
        return last == null || nowNanos - last.atNanos() >= staleAfter.toNanos();
    }

    /** Whether the inbox lag holds the admission closed (at or above its reopening level). */
    public boolean inboxBehind() {
        return last != null && last.inboxLag() >= bounds.reopenInboxBelow();
    }

    /** Whether the events lag holds the admission closed (at or above its reopening level). */
    public boolean eventsBehind() {
        return last != null && last.eventsLag() >= bounds.reopenEventsBelow();
    }

    /**
     * Seconds until every lag that holds the admission closed is below its reopening level, at the rate its reader
     * advanced from {@code before} to {@code now}; clamped to [1, 30].
     */
    static long retryAfter(Bounds bounds, LagReading before, LagReading now) {
        if (before == null || now.atNanos() <= before.atNanos()) {
            return MIN_RETRY_AFTER_SECONDS; // no rate to go by
        }
        double seconds = (now.atNanos() - before.atNanos()) / 1e9;
        double inbox = secondsToDrain(now.inboxLag(), bounds.reopenInboxBelow(),
                (now.inboxPosition() - before.inboxPosition()) / seconds);
        double events = secondsToDrain(now.eventsLag(), bounds.reopenEventsBelow(),
                (now.eventsPosition() - before.eventsPosition()) / seconds);
        double longest = Math.max(inbox, events);
        if (longest <= MIN_RETRY_AFTER_SECONDS) {
            return MIN_RETRY_AFTER_SECONDS;
        }
        return longest >= MAX_RETRY_AFTER_SECONDS ? MAX_RETRY_AFTER_SECONDS : (long) Math.ceil(longest);
    }

    /** 0 when {@code lag} is already below {@code below}; infinite when its reader did not advance. */
    private static double secondsToDrain(long lag, double below, double perSecond) {
        if (lag < below) {
            return 0;
        }
        if (perSecond <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        // to get below the level, not onto it: one more than the difference
        return (Math.floor(lag - below) + 1) / perSecond;
    }
}
