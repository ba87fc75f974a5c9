package io.offlinesync.client.store;

import io.offlinesync.domain.ClientEvent;

/**
 * A pending event the gateway refused for good (a 400 naming it, or a 413 for it alone): kept in the store with
 * the refusal's {@code reason}, out of the queue, so the events behind it sync. {@code event.clientSeq()} is the
 * number it had when it was refused.
 */
public record SetAsideEvent(String listId, ClientEvent event, String reason) {}
