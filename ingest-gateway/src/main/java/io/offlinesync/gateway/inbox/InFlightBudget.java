package io.offlinesync.gateway.inbox;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of batches the gateway has taken but the broker has not acknowledged yet, bounded. A batch
 * is admitted when it fits, or when nothing else is in flight (so one batch larger than a small budget
 * is still served, alone).
 */
final class InFlightBudget {

    private final long maxBytes;
    private final AtomicLong inFlight = new AtomicLong();

    InFlightBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Reserves {@code bytes}; false (nothing reserved) when they do not fit. */
    boolean tryReserve(long bytes) {
        while (true) {
            long current = inFlight.get();
            if (current > 0 && current + bytes > maxBytes) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** Gives back what one {@link #tryReserve} took; called exactly once per admitted batch. */
    void release(long bytes) {
        inFlight.addAndGet(-bytes);
    }

    long inFlightBytes() {
        return inFlight.get();
    }

    long maxBytes() {
        return maxBytes;
    }
}
