package io.offlinesync.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds RFC 9457 answers: always {@code application/problem+json} with type, title, status and detail. */
final class Problems {

    private Problems() {
    }

    static ProblemDetail of(HttpStatusCode status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, safe(detail));
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    /** The answer for {@code problem}; the content type is set here so that no Accept header can change it. */
    static ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, HttpServletRequest request) {
        if (problem.getType() == null) {
            problem.setType(URI.create("about:blank"));
        }
        if (problem.getDetail() == null) {
            problem.setDetail(problem.getTitle());
        }
        if (problem.getInstance() == null && request != null) {
            try {
                problem.setInstance(URI.create(request.getRequestURI()));
            } catch (IllegalArgumentException ignored) {
                // a request URI that is not a valid URI reference: leave instance out
            }
        }
        HttpHeaders out = new HttpHeaders();
        if (headers != null) {
            out.putAll(headers);
        }
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(problem.getStatus()).headers(out).body(problem);
    }

    /** Text taken from a request may hold lone surrogates, which cannot be written as UTF-8. */
    static String safe(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            boolean paired = Character.isHighSurrogate(c) && k + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(k + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(k + 1));
                }
                k++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.substring(0, k));
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
