package io.offlinesync.gateway.web;

import io.offlinesync.gateway.GatewayProperties;
import io.offlinesync.gateway.admission.PipelineBehindException;
import io.offlinesync.gateway.inbox.InboxOverloadedException;
import io.offlinesync.gateway.inbox.InboxRecordTooLargeException;
import io.offlinesync.gateway.inbox.InboxUnavailableException;
import io.offlinesync.gateway.ingest.IngestMeters;
import io.offlinesync.gateway.ingest.IngestMeters.Outcome;
import io.offlinesync.gateway.ingest.InvalidBatchException;
import io.offlinesync.gateway.ingest.TooManyEventsException;
import io.offlinesync.gateway.ratelimit.RateLimitedException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
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
        HttpHeaders headers = new HttpHeaders();
        if (e.closeConnection()) {
            headers.set(HttpHeaders.CONNECTION, "close");
        }
        if (e.retryAfterSeconds() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        log.debug("{} {}: {}", e.status().value(), request.getRequestURI(), e.getMessage());
        count(e);
        return Problems.respond(Problems.of(e.status(), e.type(), e.title(), e.getMessage()), headers, request);
    }

    @ExceptionHandler(InvalidBatchException.class)
    ResponseEntity<Object> invalid(InvalidBatchException e, HttpServletRequest request) {
        String detail = (e.total() == 1 ? "1 error" : e.total() + " errors")
                + " against protocol v1; nothing was written";
        if (e.total() > e.errors().size()) {
            detail += " (the first " + e.errors().size() + " are listed)";
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_BATCH,
                "Invalid batch", detail);
        problem.setProperty("errors", e.errors().stream()
                .map(error -> {
                    // a LinkedHashMap keeps null values and the order index, field, message
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("index", error.index());
                    entry.put("field", Problems.safe(error.field()));
                    entry.put("message", Problems.safe(error.message()));
                    return entry;
                })
                .toList());
        problem.setProperty("errorCount", e.total());
        meters.invalid(e.errors());
        log.debug("400 {}: {}", request.getRequestURI(), detail);
        return Problems.respond(problem, null, request);
    }

    @ExceptionHandler(TooManyEventsException.class)
    ResponseEntity<Object> tooMany(TooManyEventsException e, HttpServletRequest request) {
        meters.refused(Outcome.TOO_LARGE);
        return Problems.respond(Problems.of(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.TOO_LARGE,
                "Batch too large", e.getMessage() + ": split the events into smaller batches"), null, request);
    }

    @ExceptionHandler(InboxRecordTooLargeException.class)
    ResponseEntity<Object> recordTooLarge(InboxRecordTooLargeException e, HttpServletRequest request) {
        log.warn("413 {}: the event log refuses a record this large: {}", request.getRequestURI(), e.getMessage());
        meters.refused(Outcome.TOO_LARGE);
        return Problems.respond(Problems.of(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.TOO_LARGE,
                "Batch too large", "the event log refuses a batch this large: split the events into smaller batches"),
                null, request);
    }

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<Object> rateLimited(RateLimitedException e, HttpServletRequest request) {
        log.debug("429 {} (Retry-After {}s): {}", request.getRequestURI(), e.retryAfterSeconds(), e.getMessage());
        meters.refused(Outcome.RATE_LIMITED);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        if (e.bodyUnread()) {
            headers.set(HttpHeaders.CONNECTION, "close");
        }
        return Problems.respond(Problems.of(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED,
                "Too many pushes", e.getMessage()), headers, request);
    }

    /**
     * The pipeline is behind its bound: refused before the body was read (so the connection is closed), with the
     * admission's estimate of when it will take pushes again. Not logged per request: the admission says once
     * when it closes and when it opens again.
     */
    @ExceptionHandler(PipelineBehindException.class)
    ResponseEntity<Object> pipelineBehind(PipelineBehindException e, HttpServletRequest request) {
        log.debug("503 {} (Retry-After {}s): {}", request.getRequestURI(), e.retryAfterSeconds(), e.getMessage());
        meters.refused(Outcome.PIPELINE_BEHIND);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        headers.set(HttpHeaders.CONNECTION, "close");
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.PIPELINE_BEHIND,
                "Sync pipeline behind", e.getMessage());
        problem.setProperty("inboxLag", e.lag().inboxLag());
        problem.setProperty("maxInboxLag", e.bounds().maxInboxLag());
        problem.setProperty("eventsLag", e.lag().eventsLag());
        problem.setProperty("maxEventsLag", e.bounds().maxEventsLag());
        return Problems.respond(problem, headers, request);
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
        meters.refused(Outcome.UNAVAILABLE);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        return Problems.respond(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.INBOX_UNAVAILABLE,
                "Event log unavailable", detail), headers, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        log.error("500 {}: unexpected error", request.getRequestURI(), e);
        meters.refused(Outcome.ERROR);
        return Problems.respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL,
                "Internal error", "the gateway failed unexpectedly; nothing may be assumed written"), null, request);
    }

    /** A push refused before validation, or by the membership view after it, counted by its problem type. */
    private void count(ProblemException e) {
        if (ProblemTypes.MALFORMED_BODY.equals(e.type())) {
            meters.invalid("malformed-body");
        } else if (ProblemTypes.TOO_LARGE.equals(e.type())) {
            meters.refused(Outcome.TOO_LARGE);
        } else if (ProblemTypes.UNSUPPORTED_MEDIA_TYPE.equals(e.type())) {
            meters.refused(Outcome.UNSUPPORTED_MEDIA_TYPE);
        } else if (ProblemTypes.BODY_TIMEOUT.equals(e.type())) {
            meters.refused(Outcome.BODY_TIMEOUT);
        } else if (ProblemTypes.INBOX_UNAVAILABLE.equals(e.type())) {
            meters.refused(Outcome.UNAVAILABLE);
        } else if (ProblemTypes.RATE_LIMITED.equals(e.type())) {
            meters.refused(Outcome.RATE_LIMITED);
        } else if (ProblemTypes.FORBIDDEN.equals(e.type())) {
            meters.refused(Outcome.FORBIDDEN);
        }
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
        return Problems.respond(problem, headers, servletRequest);
    }
}
