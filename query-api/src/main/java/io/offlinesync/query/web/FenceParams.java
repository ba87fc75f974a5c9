package io.offlinesync.query.web;

import io.offlinesync.protocol.ProtocolRules;
import io.offlinesync.query.fence.Fence;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read-your-writes fence's parameters (protocol v1.1): {@code waitFor=<clientId>:<clientSeq>}, as a push's 202
 * gives it in {@code fence}, and on the state read the {@code waitMs} that goes with it. Strict like the others:
 * anything malformed is a 400 naming the parameter.
 */
final class FenceParams {

    static final String WAIT_FOR = "waitFor";
    static final String WAIT_MS = "waitMs";
    /** The longest wait, as catch-up's long-poll. */
    static final long MAX_WAIT_MS = 30_000;

    /** The id pattern, a colon, then 1 to 2^63-1 in ASCII digits, no sign or leading zeros (as the 202 writes it). */
    private static final Pattern FENCE = Pattern.compile("(" + ProtocolRules.ID_PATTERN + "):([1-9][0-9]{0,18})");

    private FenceParams() {
    }

    /** The request's fence, or null without {@code waitFor}. */
    static Fence waitFor(HttpServletRequest request) {
        String raw = QueryParams.raw(request, WAIT_FOR);
        if (raw == null) {
            return null;
        }
        Matcher fence = FENCE.matcher(raw);
        long clientSeq = -1;
        if (fence.matches()) {
            try {
                clientSeq = Long.parseLong(fence.group(2));
            } catch (NumberFormatException e) {
                // beyond a long: refused below
            }
        }
        if (clientSeq < 1) {
            throw new BadParameter(WAIT_FOR, "must be <clientId>:<clientSeq> as a push's 202 gives it in fence "
                    + "(clientId matching " + ProtocolRules.ID_PATTERN + ", clientSeq from 1 to 9223372036854775807 without sign or "
                    + "leading zeros), was '" + QueryParams.abbreviate(raw) + "'");
        }
        return new Fence(fence.group(1), clientSeq);
    }

    /**
     * {@code waitMs} of a state read (0 to 30000, default 0): only with {@code waitFor}, since a state read waits for
     * a fence and for nothing else; given alone it is a 400, not ignored.
     */
    static long stateWaitMs(HttpServletRequest request, Fence fence) {
        String raw = QueryParams.raw(request, WAIT_MS);
        if (raw != null && fence == null) {
            throw new BadParameter(WAIT_MS, "is taken only with waitFor on a state read (it waits for a fence, "
                    + "nothing else)");
        }
        return QueryParams.longParam(WAIT_MS, raw, 0, 0, MAX_WAIT_MS);
    }

    /** A what-if is folded from the log for the request, not a projected state to wait for: neither parameter. */
    static void refuseOnWhatIf(HttpServletRequest request) {
        for (String name : new String[] {WAIT_FOR, WAIT_MS}) {
            if (QueryParams.raw(request, name) != null) {
                throw new BadParameter(name, "is not available with policy (a what-if is folded for the request, "
                        + "there is no fence to wait for)");
            }
        }
    }

    /** What is left of a wait ending at {@code deadlineNanos}, rounded up: a wait never ends before its time. */
    static long millisLeft(long deadlineNanos) {
        return Math.max(1, (deadlineNanos - System.nanoTime() + 999_999) / 1_000_000L);
    }
}
