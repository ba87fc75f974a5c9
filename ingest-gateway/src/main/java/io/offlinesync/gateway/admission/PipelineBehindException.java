package io.offlinesync.gateway.admission;

/**
 * A push refused because the pipeline is behind its bounds: answered 503 with {@code Retry-After}, before
 * its body was read; nothing was written.
 */
public class PipelineBehindException extends RuntimeException {

    private final long retryAfterSeconds;
    private final LagReading lag;
    private final Admission.Bounds bounds;

    PipelineBehindException(String detail, long retryAfterSeconds, LagReading lag, Admission.Bounds bounds) {
        super(detail);
        this.retryAfterSeconds = retryAfterSeconds;
        this.lag = lag;
        this.bounds = bounds;
    }

    /** Whole seconds, 1 to 30: the estimated time for the pipeline to drain back under its bounds. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The lags the refusal was decided on. */
    public LagReading lag() {
        return lag;
    }

    public Admission.Bounds bounds() {
        return bounds;
    }
}
