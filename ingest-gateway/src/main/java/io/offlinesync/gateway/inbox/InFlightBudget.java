package io.offlinesync.gateway.inbox;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes the gateway holds for pushes, bounded ({@code sync.max-in-flight-bytes}): request bodies
 * being read and validated (from their {@code Content-Length}, or as a chunked body arrives), then the
 * batches queued for the broker or awaiting its acknowledgement. One instance is shared by the web layer
 * and the appender. A reservation is admitted when it fits, or when its caller's own bytes are all that
 * is in flight (so one request larger than a small budget is still served, alone).
 */
public final class InFlightBudget {

    private final long maxBytes;
    private final AtomicLong inFlight = new AtomicLong();

    public InFlightBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Reserves {@code bytes}; false (nothing reserved) when they do not fit. */
    public boolean tryReserve(long bytes) {
        return tryReserve(bytes, 0);
    }

    /**
     * Reserves {@code bytes} more for a caller that already holds {@code heldByCaller}; false (nothing
     * reserved) when they do not fit and someone else also holds bytes.
     */
    public boolean tryReserve(long bytes, long heldByCaller) {
        while (true) {
            long current = inFlight.get();
            if (current > heldByCaller && current + bytes > maxBytes) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #tryReserve} took; called exactly once per admitted reservation. */
    public void release(long bytes) {
        inFlight.addAndGet(-bytes);
    }

    public long inFlightBytes() {
        return inFlight.get();
    }

    public long maxBytes() {
        return maxBytes;
    }
}
