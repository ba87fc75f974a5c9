package io.offlinesync.query.web;

import io.offlinesync.access.UserIds;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who a long-poll is counted against: the signed-in user, all their devices together (the user id is the
 * issuer's, a caller cannot pick another). A request without a user (only a test's, the security filters let
 * none through) falls back to its address, the last {@code X-Forwarded-For} entry behind a reverse proxy.
 */
final class LongPollCaller {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private LongPollCaller() {
    }

    static String of(HttpServletRequest request) {
        String userId = UserIds.of(request.getUserPrincipal());
        if (userId != null) {
            return "user:" + userId;
        }
        String forwardedFor = request.getHeader(X_FORWARDED_FOR);
        if (forwardedFor != null) {
            String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).strip();
            if (!last.isEmpty()) {
                return "address:" + QueryParams.abbreviate(last);
            }
        }
        return "address:" + request.getRemoteAddr();
    }
}
