package io.offlinesync.domain;

/**
 * The bounds of one event, the same for the gateway (which refuses what passes them) and for devices (which
 * never produce it). Counters saturate instead of overflowing: a register whose {@code count} or clock entry
 * already stands at {@link #MAX_COUNTER} (a hostile device can put it there) is written again at the same
 * value, so every later honest edit stays valid. A tie at the maximum falls back to the policy's tie-break
 * (the stamp), which a hostile device cannot hold forever.
 */
public final class EventBounds {

    /** 2^53: the largest integer every JSON implementation (JavaScript included) holds exactly. */
    public static final long MAX_INTEGER = 1L << 53;

    /** The greatest {@code count}, vclock entry or {@code at.n} an event may carry. */
    public static final long MAX_COUNTER = MAX_INTEGER;

    /**
     * The most entries one {@code vclock} may have. Honest clocks name only clients that wrote the list, and
     * a list has at most {@code clients} of them (the sequencer's bound, 1,000 by default).
     */
    public static final int MAX_VCLOCK_ENTRIES = 1000;

    private EventBounds() {
    }

    /** {@code value + 1}, held at {@link #MAX_COUNTER}. */
    public static long next(long value) {
        return value >= MAX_COUNTER ? MAX_COUNTER : value + 1;
    }
}
