package io.offlinesync.query.cluster;

/**
 * No instance can answer for the list right now: its owner is unknown (the group is rebalancing), gone,
 * or restoring, and no standby is close enough (503 with Retry-After). Never a 404: the list may exist.
 */
public final class ReadUnavailable extends RuntimeException {
    ReadUnavailable(String message) {
        super(message);
    }
}
