package io.offlinesync.client.http;

import java.time.Duration;

/** What one push request came to. */
public sealed interface PushOutcome {

    /**
     * 202: the whole batch is durable in the server's inbox. {@code fence} is the 202's read-your-writes fence
     * ({@code <clientId>:<last clientSeq of the batch>}, protocol v1.1), null from a gateway that sends none.
     */
    record Accepted(int accepted, String fence) implements PushOutcome {
        public Accepted(int accepted) {
            this(accepted, null);
        }
    }

    /**
     * 503 or another 5xx, or 429 (too many pushes): nothing to be assumed written; send the same events again
     * after {@code retryAfter} (null: unknown).
     */
    record RetryLater(int status, Duration retryAfter) implements PushOutcome {}

    /** Another 4xx: the server refuses the batch as it is; sending it again will not help. */
    record Refused(int status, String detail) implements PushOutcome {}
}
