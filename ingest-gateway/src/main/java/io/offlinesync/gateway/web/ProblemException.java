package io.offlinesync.gateway.web;

import io.offlinesync.access.Problems;
import io.offlinesync.protocol.ProblemTypes;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** A request refused before validation (media type, size, encoding, syntax); answered as problem+json. */
public class ProblemException extends RuntimeException {

    private final ProblemDetail problem;
    private final HttpHeaders headers;

    public ProblemException(HttpStatus status, URI type, String title, String detail, boolean closeConnection) {
        this(status, type, title, detail, closeConnection, null);
    }

    /**
     * @param closeConnection   true when part of the body may be left unread, so the connection cannot be reused
     * @param retryAfterSeconds the {@code Retry-After} to send, or null for none
     */
    public ProblemException(HttpStatus status, URI type, String title, String detail, boolean closeConnection,
                            Long retryAfterSeconds) {
        super(detail);
        this.problem = Problems.of(status, type, title, detail);
        this.headers = ProblemHandler.headers(retryAfterSeconds, closeConnection);
    }

    ProblemDetail problem() {
        return problem;
    }

    HttpHeaders headers() {
        return headers;
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
