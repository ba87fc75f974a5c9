package io.offlinesync.client.http;

import java.io.IOException;
import java.time.Duration;

/**
 * The server could not be reached or the connection broke before an answer came (refused, reset, timed
 * out), or it cannot answer now (429, 5xx). Whatever was being pushed may or may not have been written; sending it
 * again is safe.
 */
public final class ServerUnreachableException extends IOException {

    private final Duration retryAfter;

    public ServerUnreachableException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /** {@code retryAfter}: when the server asked to be tried again (its Retry-After), null when it did not say. */
    public ServerUnreachableException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@code what} (say "push to http://...") failed on the way: the cause named as a person would. */
    public static ServerUnreachableException failed(String what, IOException e) {
        return new ServerUnreachableException(what + " failed: " + describe(e), e);
    }

    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
