package io.offlinesync.access;

import io.offlinesync.protocol.ProblemTypes;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The 401 and 403 of the security filters, as problem+json like every other error of the services. Spring's
 * bearer-token handlers set the status and the {@code WWW-Authenticate} header (RFC 6750); we add the body.
 */
final class ProblemAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();
    private final String adminScope;

    ProblemAnswers(String adminScope) {
        this.adminScope = adminScope;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        bearerEntryPoint.commence(request, response, failure);
        String detail = request.getHeader("Authorization") == null
                ? "This endpoint needs 'Authorization: Bearer <access token>' from the platform's OpenID Connect issuer"
                : "The access token was refused: " + failure.getMessage();
        write(response, ProblemTypes.UNAUTHORIZED, "Unauthorized", HttpServletResponse.SC_UNAUTHORIZED, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        bearerDenied.handle(request, response, denied);
        write(response, ProblemTypes.FORBIDDEN, "Forbidden", HttpServletResponse.SC_FORBIDDEN,
                "This endpoint is for operators: the access token needs the scope '" + adminScope + "'");
    }

    private static void write(HttpServletResponse response, URI type, String title, int status, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        String body = "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":" + quote(detail) + "}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal; details may quote a token's claim, so everything below U+0020 is escaped. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
