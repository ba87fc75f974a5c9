package io.offlinesync.gateway.web;

import java.net.URI;

/** The {@code type} URIs of the gateway's own problems; plain HTTP errors use {@code about:blank}. */
public final class ProblemTypes {

    public static final URI INVALID_BATCH = URI.create("urn:offlinesync:problem:invalid-batch");
    public static final URI MALFORMED_BODY = URI.create("urn:offlinesync:problem:malformed-body");
    public static final URI TOO_LARGE = URI.create("urn:offlinesync:problem:too-large");
    public static final URI BODY_TIMEOUT = URI.create("urn:offlinesync:problem:body-timeout");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create("urn:offlinesync:problem:unsupported-media-type");
    /** The user may not write the list (membership), or pushed under another user's clientId. */
    public static final URI FORBIDDEN = URI.create("urn:offlinesync:problem:forbidden");
    public static final URI RATE_LIMITED = URI.create("urn:offlinesync:problem:rate-limited");
    /** The pipeline behind the gateway (sequencer, query-api) is further behind than its bound: 503, retry later. */
    public static final URI PIPELINE_BEHIND = URI.create("urn:offlinesync:problem:pipeline-behind");
    public static final URI INBOX_UNAVAILABLE = URI.create("urn:offlinesync:problem:inbox-unavailable");
    public static final URI INTERNAL = URI.create("urn:offlinesync:problem:internal");

    private ProblemTypes() {
    }
}
