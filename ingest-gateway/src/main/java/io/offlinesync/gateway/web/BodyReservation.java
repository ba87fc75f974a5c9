package io.offlinesync.gateway.web;

import io.offlinesync.gateway.inbox.InFlightBudget;

/**
 * The bytes of the in-flight budget one request body holds while it is read, parsed and validated, also
 * counted in its remote address's share; grown from its {@code Content-Length} before reading, or step by
 * step as a chunked body arrives. Used by one request thread only; closing gives everything back (once).
 */
final class BodyReservation implements AutoCloseable {

    /** Why a {@link #grow} was refused. */
    enum Refusal { NONE, ADDRESS_SHARE, BUDGET }

    private final InFlightBudget budget;
    private final AddressShares shares;
    private final String address;
    private long held;

    BodyReservation(InFlightBudget budget, AddressShares shares, String address) {
        this.budget = budget;
        this.shares = shares;
        this.address = address;
    }

    /** Holds {@code bytes} more; on a refusal nothing more is held. */
    Refusal grow(long bytes) {
        if (bytes <= 0) {
            return Refusal.NONE;
        }
        if (!shares.tryHold(address, bytes, held)) {
            return Refusal.ADDRESS_SHARE;
        }
        if (!budget.tryReserve(bytes, held)) {
            shares.release(address, bytes);
            return Refusal.BUDGET;
        }
        held += bytes;
        return Refusal.NONE;
    }

    long held() {
        return held;
    }

    @Override
    public void close() {
        budget.release(held);
        shares.release(address, held);
        held = 0;
    }
}
