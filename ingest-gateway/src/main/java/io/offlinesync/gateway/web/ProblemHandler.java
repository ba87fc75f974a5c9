package io.offlinesync.gateway.web;

import io.offlinesync.access.Problems;
import io.offlinesync.gateway.GatewayProperties;
import io.offlinesync.gateway.admission.PipelineBehindException;
import io.offlinesync.gateway.inbox.InboxOverloadedException;
import io.offlinesync.gateway.inbox.InboxRecordTooLargeException;
import io.offlinesync.gateway.inbox.InboxUnavailableException;
import io.offlinesync.gateway.ingest.IngestMeters;
import io.offlinesync.gateway.ratelimit.RateLimitedException;
import io.offlinesync.protocol.FieldError;
import io.offlinesync.protocol.InvalidBatchException;
import io.offlinesync.protocol.ProblemTypes;
import io.offlinesync.protocol.TooManyEventsException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error answer is {@code application/problem+json}: the gateway's own refusals, and Spring MVC's
 * (404, 405, 406, ...) through {@link ResponseEntityExceptionHandler}. Bad input never becomes a 5xx.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final GatewayProperties properties;
    private final IngestMeters meters;

    public ProblemHandler(GatewayProperties properties, IngestMeters meters) {
        this.properties = properties;
        this.meters = meters;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> refused(ProblemException e, HttpServletRequest request) {
        log.debug("{} {}: {}", e.problem().getStatus(), request.getRequestURI(), e.getMessage());
        return respond(e.problem(), e.headers(), request);
    }

    @ExceptionHandler(InvalidBatchException.class)
    ResponseEntity<Object> invalid(InvalidBatchException e, HttpServletRequest request) {
        String detail = (e.total() == 1 ? "1 error" : e.total() + " errors")
                + " against protocol v1; nothing was written";
        if (e.total() > e.errors().size()) {
            detail += " (the first " + e.errors().size() + " are listed)";
        }
        ProblemDetail problem = Problems.invalid(ProblemTypes.INVALID_BATCH, "Invalid batch", detail, e.errors());
        problem.setProperty("errorCount", e.total());
        log.debug("400 {}: {}", request.getRequestURI(), detail);
        return respond(problem, null, request, e.errors());
    }

    @ExceptionHandler(TooManyEventsException.class)
    ResponseEntity<Object> tooMany(TooManyEventsException e, HttpServletRequest request) {
        return respond(Problems.of(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.TOO_LARGE,
                "Batch too large", e.getMessage() + ": split the events into smaller batches"), null, request);
    }

    @ExceptionHandler(InboxRecordTooLargeException.class)
    ResponseEntity<Object> recordTooLarge(InboxRecordTooLargeException e, HttpServletRequest request) {
        log.warn("413 {}: the event log refuses a record this large: {}", request.getRequestURI(), e.getMessage());
        return respond(Problems.of(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.TOO_LARGE,
                "Batch too large", "the event log refuses a batch this large: split the events into smaller batches"),
                null, request);
    }

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<Object> rateLimited(RateLimitedException e, HttpServletRequest request) {
        log.debug("429 {} (Retry-After {}s): {}", request.getRequestURI(), e.retryAfterSeconds(), e.getMessage());
        return respond(Problems.of(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED,
                "Too many pushes", e.getMessage()), headers(e.retryAfterSeconds(), e.bodyUnread()), request);
    }

    /**
     * The pipeline is behind its bound: refused before the body was read (so the connection is closed), with the
     * admission's estimate of when it will take pushes again. Not logged per request: the admission says once
     * when it closes and when it opens again.
     */
    @ExceptionHandler(PipelineBehindException.class)
    ResponseEntity<Object> pipelineBehind(PipelineBehindException e, HttpServletRequest request) {
        log.debug("503 {} (Retry-After {}s): {}", request.getRequestURI(), e.retryAfterSeconds(), e.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.PIPELINE_BEHIND,
                "Sync pipeline behind", e.getMessage());
        problem.setProperty("inboxLag", e.lag().inboxLag());
        problem.setProperty("maxInboxLag", e.bounds().maxInboxLag());
        problem.setProperty("eventsLag", e.lag().eventsLag());
        problem.setProperty("maxEventsLag", e.bounds().maxEventsLag());
        return respond(problem, headers(e.retryAfterSeconds(), true), request);
    }

    @ExceptionHandler(InboxUnavailableException.class)
    ResponseEntity<Object> unavailable(InboxUnavailableException e, HttpServletRequest request) {
        return serviceUnavailable(e, request, "the event log did not acknowledge the batch in time: nothing may be "
                + "assumed written; retry the same events after " + properties.retryAfterSeconds() + " s");
    }

    /** Same problem type as any 503: for the device it changes nothing, it retries the same events later. */
    @ExceptionHandler(InboxOverloadedException.class)
    ResponseEntity<Object> overloaded(InboxOverloadedException e, HttpServletRequest request) {
        return serviceUnavailable(e, request, "the gateway is shedding load: too many batches are waiting for the "
                + "event log; nothing was written; retry the same events after " + properties.retryAfterSeconds()
                + " s");
    }

    private ResponseEntity<Object> serviceUnavailable(InboxUnavailableException e, HttpServletRequest request,
                                                      String detail) {
        long retryAfter = properties.retryAfterSeconds();
        if (log.isDebugEnabled()) {
            log.warn("503 {} (Retry-After {}s): {}", request.getRequestURI(), retryAfter, e.getMessage(), e);
        } else {
            log.warn("503 {} (Retry-After {}s): {}", request.getRequestURI(), retryAfter, e.getMessage());
        }
        return respond(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.INBOX_UNAVAILABLE,
                "Event log unavailable", detail), headers(retryAfter, false), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        log.error("500 {}: unexpected error", request.getRequestURI(), e);
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL,
                "Internal error", "the gateway failed unexpectedly; nothing may be assumed written"), null, request);
    }

    /** {@code Retry-After} when given, and {@code Connection: close} when part of the body may be left unread. */
    static HttpHeaders headers(Long retryAfterSeconds, boolean closeConnection) {
        HttpHeaders headers = new HttpHeaders();
        if (retryAfterSeconds != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        if (closeConnection) {
            headers.set(HttpHeaders.CONNECTION, "close");
        }
        return headers;
    }

    /** Every answer of this handler: counted as the push outcome its problem type is (see IngestMeters). */
    private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, HttpServletRequest request) {
        return respond(problem, headers, request, List.of());
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, HttpServletRequest request,
                                           List<FieldError> errors) {
        meters.refused(problem.getType(), errors);
        return Problems.respond(problem, headers, request);
    }

    /** Spring MVC's own errors (404, 405, 406, 415, ...): same format, content type fixed. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail : ProblemDetail.forStatus(statusCode);
        if (problem.getDetail() != null) {
            problem.setDetail(Problems.safe(problem.getDetail()));
        }
        HttpServletRequest servletRequest = request instanceof NativeWebRequest nativeRequest
                ? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
        return Problems.respond(problem, headers, servletRequest); // not a push outcome: not counted
    }
}
