package io.offlinesync.query.web;

import io.offlinesync.access.Problems;
import io.offlinesync.protocol.FieldError;
import io.offlinesync.protocol.ProblemTypes;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.catchup.LongPollLimits;
import io.offlinesync.query.cluster.NotFound;
import io.offlinesync.query.cluster.ReadUnavailable;
import io.offlinesync.query.conflicts.ConflictQuery;
import io.offlinesync.streams.projections.ProjectionControl;
import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error as RFC 9457 problem+json; Spring's own (404 path, 405, 406) come through the base class. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /** Retry-After of a refused long-poll: long enough not to spin, short against a 30 s wait. */
    static final int LONG_POLL_RETRY_AFTER_SECONDS = 2;

    @ExceptionHandler(BadParameter.class)
    ResponseEntity<ProblemDetail> badParameter(BadParameter e) {
        return ResponseEntity.badRequest().body(invalid(e.field(), e.getMessage()));
    }

    private static ProblemDetail invalid(String field, String message) {
        return Problems.invalid(ProblemTypes.INVALID_REQUEST, "Invalid request", message,
                List.of(new FieldError(null, field, message)));
    }

    /** A 400 names the field, also when Spring finds a required parameter missing. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e.getParameterName();
        return createResponseEntity(invalid(field, field + " is required"), headers, status, request);
    }

    /**
     * Spring's own errors (404 path, 405, 406, ...) in the same shape as ours: PROTOCOL.md wants
     * {@code type}, {@code title}, {@code status} and {@code detail} in every problem, and Spring leaves
     * {@code type} out unless it is set.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail : ProblemDetail.forStatus(statusCode);
        return Problems.respond(problem, headers, null);
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<ProblemDetail> notFound(NotFound e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", e.getMessage()));
    }

    /** Stores are restoring or migrating after a rebalance: the answer would be wrong, so ask to retry. */
    @ExceptionHandler(InvalidStateStoreException.class)
    ResponseEntity<ProblemDetail> storeNotReady(InvalidStateStoreException e) {
        log.info("Store not queryable yet: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.STORE_NOT_READY, "State is being restored",
                        "Local state is restoring or rebalancing; retry shortly."));
    }

    /** Scale-out: the list's owner is unknown, gone or restoring, and no standby is close enough. */
    @ExceptionHandler(ReadUnavailable.class)
    ResponseEntity<ProblemDetail> readUnavailable(ReadUnavailable e) {
        log.info("Read unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.LIST_UNAVAILABLE, "List not available right now",
                        e.getMessage()));
    }

    /** Explain and what-if fold the whole log: a list longer than the bound is refused, not folded. */
    @ExceptionHandler(CatchUpQuery.LogTooLong.class)
    ResponseEntity<ProblemDetail> logTooLong(CatchUpQuery.LogTooLong e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.LOG_TOO_LONG, "List log too long to fold",
                e.getMessage());
        problem.setProperty("listId", e.listId());
        problem.setProperty("logEntries", e.entries());
        problem.setProperty("maxFoldEntries", e.bound());
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
    }

    /** Every fold slot is taken: the instance is busy, not the caller wrong. */
    @ExceptionHandler(ConflictQuery.FoldsBusy.class)
    ResponseEntity<ProblemDetail> foldsBusy(ConflictQuery.FoldsBusy e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.FOLDS_BUSY, "Too many folds running", e.getMessage()));
    }

    /** A long-poll beyond the caller's or the instance's cap: retry once one of the waits has answered. */
    @ExceptionHandler(LongPollLimits.TooManyLongPolls.class)
    ResponseEntity<ProblemDetail> tooManyLongPolls(LongPollLimits.TooManyLongPolls e) {
        boolean streams = e.kind() == LongPollLimits.STREAMS;
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, streams ? ProblemTypes.TOO_MANY_STREAMS : ProblemTypes.TOO_MANY_LONG_POLLS,
                streams ? "Too many streams" : "Too many long-polls", e.getMessage());
        problem.setProperty("limit", e.limit());
        problem.setProperty("bound", e.bound());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(LONG_POLL_RETRY_AFTER_SECONDS)).body(problem);
    }

    @ExceptionHandler(SwitchRefused.class)
    ResponseEntity<ProblemDetail> switchRefused(SwitchRefused e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.of(HttpStatus.CONFLICT, ProblemTypes.SWITCH_REFUSED, "Projection switch refused", e.getMessage()));
    }

    /** Activating a version that lags would serve a state behind todo.events; the lag is in the body. */
    @ExceptionHandler(ProjectionControl.NotCaughtUp.class)
    ResponseEntity<ProblemDetail> notCaughtUp(ProjectionControl.NotCaughtUp e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, ProblemTypes.NOT_CAUGHT_UP, "Projection has not caught up",
                e.getMessage());
        problem.setProperty("projection", e.lag().projection());
        problem.setProperty("lag", e.lag().partitions());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(ProjectionControl.NoPrevious.class)
    ResponseEntity<ProblemDetail> noPrevious(ProjectionControl.NoPrevious e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.of(HttpStatus.CONFLICT, ProblemTypes.SWITCH_REFUSED, "Projection switch refused", e.getMessage()));
    }

    /** The active projection is one this instance does not materialize: a deployment mistake, not the client's. */
    @ExceptionHandler(ProjectionUnavailable.class)
    ResponseEntity<ProblemDetail> projectionUnavailable(ProjectionUnavailable e) {
        log.warn(e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.PROJECTION_UNAVAILABLE, "Projection not served here",
                        e.getMessage()));
    }

    @ExceptionHandler(InterruptedException.class)
    ResponseEntity<ProblemDetail> interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SHUTTING_DOWN, "Shutting down", "Retry on another instance."));
    }

}
