package io.offlinesync.protocol;

import java.net.URI;

/**
 * The {@code type} URIs of the services' problem+json answers (PROTOCOL.md, "Errors"), one set for the gateway,
 * the query-api and the security filters in front of both; plain HTTP errors use {@code about:blank}.
 */
public final class ProblemTypes {

    public static final URI ABOUT_BLANK = URI.create("about:blank");

    /** The access token is missing or refused (401). */
    public static final URI UNAUTHORIZED = of("unauthorized");
    /** The caller may not do this: a scope, a list's membership, another user's clientId (403). */
    public static final URI FORBIDDEN = of("forbidden");

    // the gateway: a push refused
    public static final URI INVALID_BATCH = of("invalid-batch");
    public static final URI MALFORMED_BODY = of("malformed-body");
    public static final URI TOO_LARGE = of("too-large");
    public static final URI BODY_TIMEOUT = of("body-timeout");
    public static final URI UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type");
    public static final URI RATE_LIMITED = of("rate-limited");
    /** The pipeline behind the gateway (sequencer, query-api) is further behind than its bound: 503, retry later. */
    public static final URI PIPELINE_BEHIND = of("pipeline-behind");
    public static final URI INBOX_UNAVAILABLE = of("inbox-unavailable");
    public static final URI INTERNAL = of("internal");

    // the query-api: a read refused
    /** A path or query parameter malformed or out of range (400, naming it in {@code errors}). */
    public static final URI INVALID_REQUEST = of("invalid-request");
    public static final URI NOT_FOUND = of("not-found");
    public static final URI STORE_NOT_READY = of("store-not-ready");
    public static final URI LIST_UNAVAILABLE = of("list-unavailable");
    public static final URI LOG_TOO_LONG = of("log-too-long");
    public static final URI FOLDS_BUSY = of("folds-busy");
    public static final URI TOO_MANY_LONG_POLLS = of("too-many-long-polls");
    public static final URI TOO_MANY_STREAMS = of("too-many-streams");
    public static final URI SWITCH_REFUSED = of("switch-refused");
    public static final URI NOT_CAUGHT_UP = of("not-caught-up");
    public static final URI PROJECTION_UNAVAILABLE = of("projection-unavailable");
    public static final URI SHUTTING_DOWN = of("shutting-down");

    private ProblemTypes() {
    }

    private static URI of(String name) {
        return URI.create("urn:offlinesync:problem:" + name);
    }
}
