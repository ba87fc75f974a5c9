package io.offlinesync.gateway.ingest;

import java.util.List;

/**
 * The 202 answer: every event of the batch with the inbox record that holds it, and the batch's read-your-writes
 * {@code fence} (protocol v1.1): {@code <clientId>:<last clientSeq of the batch>}, the {@code waitFor} of a state or
 * catch-up read that must show the batch.
 */
public record AcceptedBatch(String listId, int accepted, List<Receipt> receipts, String fence) {

    public record Receipt(String eventId, long clientSeq, int partition, long offset) {
    }

    /** The fence of a batch whose last event is {@code lastClientSeq} of {@code clientId}. */
    public static String fence(String clientId, long lastClientSeq) {
        return clientId + ":" + lastClientSeq;
    }
}
