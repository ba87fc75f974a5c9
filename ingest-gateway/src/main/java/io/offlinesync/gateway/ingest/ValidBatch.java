package io.offlinesync.gateway.ingest;

import io.offlinesync.domain.ClientEvent;
import java.util.List;

/** A batch that passed validation. */
public record ValidBatch(String listId, String clientId, List<ClientEvent> events) {

    public ValidBatch {
        events = List.copyOf(events);
    }
}
