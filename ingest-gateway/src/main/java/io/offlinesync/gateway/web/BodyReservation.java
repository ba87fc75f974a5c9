package io.offlinesync.gateway.web;

import io.offlinesync.gateway.inbox.InFlightBudget;

/**
 * The bytes of the in-flight budget one request body holds while it is read, parsed and validated; grown
 * from its {@code Content-Length} before reading, or step by step as a chunked body arrives. Used by one
 * request thread only; closing gives everything back (once).
 */
final class BodyReservation implements AutoCloseable {

    private final InFlightBudget budget;
    private long held;

    BodyReservation(InFlightBudget budget) {
        this.budget = budget;
    }

    /** Holds {@code bytes} more; false (nothing more held) when the budget has no room for them. */
    boolean grow(long bytes) {
        if (bytes <= 0) {
            return true;
        }
        if (!budget.tryReserve(bytes, held)) {
            return false;
        }
        held += bytes;
        return true;
    }

    long held() {
        return held;
    }

    @Override
    public void close() {
        budget.release(held);
        held = 0;
    }
}
