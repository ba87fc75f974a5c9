package io.offlinesync.query.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who a long-poll is counted against until sign-in (issue 14) names a user: the {@code clientId} the catch-up
 * names, else the address the request came from, which behind a reverse proxy is the last
 * {@code X-Forwarded-For} entry (the address the proxy saw) rather than the proxy's own, shared by every
 * device behind it. Both can be chosen by a caller, so the per-caller cap keeps honest devices from piling up
 * waits; the per-instance cap is the hard bound.
 */
final class LongPollCaller {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private LongPollCaller() {
    }

    static String of(HttpServletRequest request, String clientId) {
        if (clientId != null) {
            return "client:" + clientId;
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
