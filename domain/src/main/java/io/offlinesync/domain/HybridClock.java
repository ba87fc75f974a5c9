package io.offlinesync.domain;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A device's hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014): readings are
 * {@link Hlc}s of wall-clock milliseconds plus a counter, strictly increasing on one device, and
 * greater than every remote reading the device has received (within the skew bound below). Stamp
 * every event with {@link #now()}; feed every event downloaded from the log to {@link #receive(Hlc)}.
 *
 * <p>Mutable and thread-safe: a device has one clock, shared by everything that stamps events. The
 * wall clock is injected, so tests are deterministic; {@link #current()} is what a device persists and
 * passes back to {@link #HybridClock(LongSupplier, long, Hlc)} after a restart.
 *
 * <p>Rules, with {@code (l, c)} the last reading and {@code pt} the wall time:
 * <ul>
 *   <li>send / local event: {@code l' = max(l, pt)}; {@code c' = c + 1} if {@code l' == l}, else 0.</li>
 *   <li>receive {@code (lm, cm)}: {@code l' = max(l, lm, pt)}; {@code c'} is {@code max(c, cm) + 1} if
 *       {@code l' == l == lm}, {@code c + 1} if only {@code l' == l}, {@code cm + 1} if only
 *       {@code l' == lm}, else 0.</li>
 *   <li>bounded skew: a remote reading with {@code lm > pt + maxSkew} is clamped to
 *       {@code (pt + maxSkew, 0)} before the receive rule. So a broken or hostile clock far in the future
 *       drags this device's clock at most {@code maxSkew} ahead of its own wall time, which keeps its
 *       stamps inside the gateway's window ({@code at.ms <= server + 300000}) as long as its wall clock
 *       is not ahead of the server's. The price: causality is then not reflected in the stamps (an edit
 *       made after receiving a clamped reading may be stamped before it), which is why the clock counts
 *       {@link #clampedReceives()} for the app to report.</li>
 * </ul>
 * The default {@code maxSkew} is 5 minutes, the gateway's own limit. The counter saturates: a step that
 * would take {@code c} past {@link EventBounds#MAX_COUNTER} gives {@code (l + 1, 0)} instead, so every
 * reading stays one the gateway accepts and the clock stays strictly increasing. A remote reading at the skew
 * bound whose counter leaves less than half the range is clamped like one beyond it, so a carry never takes the
 * clock past the bound.
 */
public final class HybridClock {

    /** The default bound on how far a remote reading may pull this clock ahead of wall time. */
    public static final long DEFAULT_MAX_SKEW_MS = 300_000;

    private final LongSupplier wallClock;
    private final long maxSkewMs;
    private long ms;
    private long n;
    private long clampedReceives;

    public HybridClock(LongSupplier wallClock) {
        this(wallClock, DEFAULT_MAX_SKEW_MS, new Hlc(0, 0));
    }

    /** A clock that continues from {@code last}, the latest reading it gave before (for example persisted). */
    public HybridClock(LongSupplier wallClock, long maxSkewMs, Hlc last) {
        if (maxSkewMs < 0) {
            throw new IllegalArgumentException("maxSkewMs must be >= 0: " + maxSkewMs);
        }
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.maxSkewMs = maxSkewMs;
        this.ms = last.ms();
        this.n = last.n();
    }

    /** A clock on the system's wall time with the default skew bound. */
    public static HybridClock system() {
        return new HybridClock(System::currentTimeMillis);
    }

    /** The reading for a new local event (the send rule). */
    public synchronized Hlc now() {
        long pt = wall();
        if (pt > ms) {
            ms = pt;
            n = 0;
        } else {
            carry(n);
        }
        return current();
    }

    /**
     * Merges a remote reading (an event received from the log) and returns the clock's new reading,
     * which is greater than both the previous reading and the (possibly clamped) remote one.
     */
    public synchronized Hlc receive(Hlc remote) {
        long pt = wall();
        long limit = saturatedAdd(pt, maxSkewMs);
        long lm = remote.ms();
        long cm = remote.n();
        if (tooFarAhead(lm, cm, limit)) {
            clampedReceives++;
            lm = limit;
            cm = 0;
        }
        long next = Math.max(Math.max(ms, lm), pt);
        if (next == ms && next == lm) {
            carry(Math.max(n, cm));
        } else if (next == ms) {
            carry(n);
        } else if (next == lm) {
            ms = next;
            carry(cm);
        } else {
            ms = next;
            n = 0;
        }
        return current();
    }

    /** The latest reading given, without advancing the clock. */
    public synchronized Hlc current() {
        return new Hlc(ms, n);
    }

    /**
     * Past the bound, or at it with a counter that leaves less than half the counter's range for later local
     * readings in that millisecond: a carry ({@link #carry}) from there would pass the bound (and the gateway's
     * window), so such a reading is clamped too. Honest counters are tiny; only a hostile one is this high.
     */
    private static boolean tooFarAhead(long ms, long n, long limit) {
        return ms > limit || (ms == limit && n > EventBounds.MAX_COUNTER / 2);
    }

    /** How many received readings were clamped because they were too far ahead. */
    public synchronized long clampedReceives() {
        return clampedReceives;
    }

    /**
     * Moves the reading one step past {@code (ms, from)}: the counter goes up by one, but never past
     * {@link EventBounds#MAX_COUNTER} (the gateway refuses a larger {@code at.n}); at the maximum the step
     * carries into the milliseconds instead, {@code (ms + 1, 0)}, which is still greater. A carry happens only
     * after 2^53 readings in one millisecond or after receiving a hostile {@code n} at the maximum, and costs
     * one millisecond of lead each time (bounded: a received {@code ms} is itself clamped to the skew bound).
     */
    private void carry(long from) {
        if (from >= EventBounds.MAX_COUNTER) {
            ms = ms + 1;
            n = 0;
        } else {
            n = from + 1;
        }
    }

    private long wall() {
        return Math.max(0, wallClock.getAsLong());
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }
}
