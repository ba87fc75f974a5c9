package io.offlinesync.gateway.inbox;

import io.offlinesync.domain.ClientEvent;
import java.util.List;

/** One validated device batch: what becomes one {@code InboxBatch} record. */
public record InboxSubmission(String listId, String clientId, long receivedMs, List<ClientEvent> events) {

    public InboxSubmission {
        events = List.copyOf(events);
    }
}
