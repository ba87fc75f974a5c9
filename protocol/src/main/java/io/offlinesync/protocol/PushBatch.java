package io.offlinesync.protocol;

import io.offlinesync.domain.ClientEvent;
import java.util.List;

/** A push request read by {@link PushReader}: every rule of protocol v1 holds. */
public record PushBatch(String listId, String clientId, List<ClientEvent> events) {

    public PushBatch {
        events = List.copyOf(events);
    }
}
