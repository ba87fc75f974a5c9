package io.offlinesync.client;

/**
 * How a sync's download after its push waited for the push's read-your-writes fence (protocol v1.1): {@code fence}
 * is the gateway's {@code <clientId>:<clientSeq>}, {@code outcome} what the query-api said, {@code waitedMs} how long
 * the fenced read took.
 */
public record FenceWait(String listId, String fence, Outcome outcome, long waitedMs) {

    public enum Outcome {
        /** The answer held the pushed events ({@code fenceReached: true}). */
        REACHED,
        /** The query-api's wait ran out first ({@code fenceReached: false}): the sync went on as without a fence. */
        NOT_REACHED,
        /** The query-api said nothing about the fence (it predates it): the sync went on as without a fence. */
        UNSUPPORTED
    }

    @Override
    public String toString() {
        return switch (outcome) {
            case REACHED -> listId + ": fence " + fence + " reached in " + waitedMs + " ms";
            case NOT_REACHED -> listId + ": fence " + fence + " not reached within " + waitedMs
                    + " ms (the server is behind; the edits are read on a later pull)";
            case UNSUPPORTED -> listId + ": the query-api does not wait for fences (it predates protocol v1.1's fence)";
        };
    }
}
