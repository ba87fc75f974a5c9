package io.offlinesync.query.fence;

import java.util.Map;
import java.util.Objects;

/**
 * A read-your-writes fence (protocol v1.1): the read that carries it as {@code waitFor} answers once the list's
 * {@code clientSeqs[clientId] >= clientSeq} in what it answers. A push's 202 gives its batch's fence (the batch's
 * clientId and last clientSeq).
 */
public record Fence(String clientId, long clientSeq) {

    public Fence {
        Objects.requireNonNull(clientId, "clientId");
        if (clientSeq < 1) {
            throw new IllegalArgumentException("a fence's clientSeq is 1 or more, was " + clientSeq);
        }
    }

    /** Whether {@code clientSeqs} (a state's, or a catch-up page's) have reached this fence. */
    public boolean reachedIn(Map<String, Long> clientSeqs) {
        Long seen = clientSeqs.get(clientId);
        return seen != null && seen >= clientSeq;
    }

    /** As it is written: {@code <clientId>:<clientSeq>}. */
    @Override
    public String toString() {
        return clientId + ":" + clientSeq;
    }
}
