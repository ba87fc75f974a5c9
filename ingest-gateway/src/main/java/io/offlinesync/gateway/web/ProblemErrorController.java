package io.offlinesync.gateway.web;

import io.offlinesync.access.Problems;
import io.offlinesync.protocol.ProblemTypes;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error controller for errors that never reach a Spring MVC handler (the servlet
 * container's own, filters): they too are answered as problem+json, never as an HTML page.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (status == null || !status.isError()) {
            status = code == null ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String detail = status.is4xxClientError() && message instanceof String text && !text.isBlank()
                ? text : status.getReasonPhrase();
        ProblemDetail problem = Problems.of(status, ProblemTypes.ABOUT_BLANK, status.getReasonPhrase(), detail);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException ignored) {
                // not a valid URI reference: leave instance out
            }
        }
        return Problems.respond(problem, null, request);
    }
}
