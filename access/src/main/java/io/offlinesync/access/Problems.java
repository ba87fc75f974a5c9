package io.offlinesync.access;

import io.offlinesync.protocol.FieldError;
import io.offlinesync.protocol.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one problem+json shape of both services (RFC 9457, PROTOCOL.md "Errors"): always
 * {@code application/problem+json} with type ({@link ProblemTypes}), title, status and detail, and for bad input
 * the {@code errors} that name the fields.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, safe(detail));
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    /** A 400 for bad input: {@code errors} lists the fields named, in the order index, field, message. */
    public static ProblemDetail invalid(URI type, String title, String detail, List<FieldError> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, type, title, detail);
        problem.setProperty("errors", errors.stream()
                .map(error -> {
                    // a LinkedHashMap keeps null values and the order index, field, message
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("index", error.index());
                    entry.put("field", safe(error.field()));
                    entry.put("message", safe(error.message()));
                    return entry;
                })
                .toList());
        return problem;
    }

    /**
     * The answer for {@code problem}, every member PROTOCOL.md wants filled in (Spring's own errors leave type out);
     * the content type is set here so that no Accept header can change it. {@code instance} is the request's path
     * when a request is given.
     */
    public static ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, HttpServletRequest request) {
        if (problem.getType() == null) {
            problem.setType(ProblemTypes.ABOUT_BLANK);
        }
        if (problem.getTitle() == null) {
            HttpStatus known = HttpStatus.resolve(problem.getStatus());
            problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
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

    /**
     * The type, title, status and detail of {@code problem} as JSON, for answers written where no Spring MVC
     * message converter runs (the security filters, the servlet container's own error report).
     */
    public static String json(ProblemDetail problem) {
        // a LinkedHashMap keeps the order type, title, status, detail
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", String.valueOf(problem.getType()));
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", safe(problem.getDetail()));
        return JSON.writeValueAsString(members);
    }

    /** Text taken from a request may hold lone surrogates, which cannot be written as UTF-8. */
    public static String safe(String text) {
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
