package io.offlinesync.gateway.web;

import io.offlinesync.protocol.ProblemTypes;
import java.net.URI;
import org.springframework.http.HttpStatus;

/** A request refused before validation (media type, size, encoding, syntax); answered as problem+json. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final boolean closeConnection;

    private final Long retryAfterSeconds;

    public ProblemException(HttpStatus status, URI type, String title, String detail, boolean closeConnection) {
        this(status, type, title, detail, closeConnection, null);
    }

    /** @param retryAfterSeconds the {@code Retry-After} to send, or null for none */
    public ProblemException(HttpStatus status, URI type, String title, String detail, boolean closeConnection,
                            Long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.closeConnection = closeConnection;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds for {@code Retry-After}, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** True when part of the body may be left unread, so the connection cannot be reused. */
    public boolean closeConnection() {
        return closeConnection;
    }

    static ProblemException malformed(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_BODY,
                "Request body is not valid JSON", detail, false);
    }

    static ProblemException tooLarge(String detail, boolean closeConnection) {
        return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.TOO_LARGE, "Batch too large",
                detail, closeConnection);
    }

    static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type", detail, false);
    }
}
