package io.offlinesync.gateway.ingest;

import java.util.List;

/** The 202 answer: every event of the batch with the inbox record that holds it. */
public record AcceptedBatch(String listId, int accepted, List<Receipt> receipts) {

    public record Receipt(String eventId, long clientSeq, int partition, long offset) {
    }
}
