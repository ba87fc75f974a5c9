package io.offlinesync.query.cluster;

/**
 * Response headers of a query-api that runs as one of several instances (query-api README, "Extension:
 * reads across instances"). A device can ignore them: the body is PROTOCOL.md's either way.
 */
public final class ScaleOutHeaders {

    /** {@code standby}: answered from a copy that is not a running active store (a standby, or one restoring). */
    public static final String SERVED_BY = "X-Served-By";
    /** With {@code X-Served-By: standby}: how many changelog records that copy was behind (an integer >= 0). */
    public static final String STANDBY_LAG = "X-Standby-Lag";
    /** On a forwarded answer: the {@code host:port} of the instance whose stores answered. */
    public static final String SERVED_FROM = "X-Served-From";

    public static final String STANDBY = "standby";

    private ScaleOutHeaders() {
    }
}
