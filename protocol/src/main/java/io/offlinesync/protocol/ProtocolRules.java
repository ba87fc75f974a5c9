package io.offlinesync.protocol;

import io.offlinesync.domain.EventBounds;
import java.util.Map;
import java.util.Set;

/**
 * Protocol v1's rules in one place (PROTOCOL.md): identifiers, batch and field limits, the event types and
 * their fields. The gateway refuses what breaks them ({@link PushReader}), the query-api checks its parameters
 * with them, and devices check their edits before queueing them ({@link ClientEventRules}).
 */
public final class ProtocolRules {

    /** Events one push request may carry. */
    public static final int MAX_EVENTS = 500;
    /** 2^53: the largest integer every JSON implementation (JavaScript included) holds exactly. */
    public static final long MAX_INTEGER = EventBounds.MAX_INTEGER;
    /** How far an event's {@code at.ms} may be ahead of the server clock. */
    public static final long MAX_CLOCK_AHEAD_MS = 300_000;
    public static final int MAX_TITLE_CODE_POINTS = 500;
    public static final int MAX_NOTE_CODE_POINTS = 2000;
    public static final int MAX_ID_LENGTH = 64;
    /** Every identifier (list, client, item, user) as a regular expression, for documentation and OpenAPI. */
    public static final String ID_PATTERN = "[A-Za-z0-9_-]{1,64}";
    /** The identifier rule in words, as error messages state it. */
    public static final String ID_RULE = "must match " + ID_PATTERN;

    /** Each event type's own fields (beside eventId, clientSeq, type and at). */
    static final Map<String, Set<String>> TYPE_FIELDS = Map.of(
            "ListCreated", Set.of("title", "policy"),
            "ListRenamed", Set.of("title"),
            "ItemAdded", Set.of("itemId", "title", "count", "vclock", "note"),
            "ItemRenamed", Set.of("itemId", "title", "count", "vclock"),
            "ItemCompleted", Set.of("itemId", "count", "vclock"),
            "ItemReopened", Set.of("itemId", "count", "vclock"),
            "ItemDeleted", Set.of("itemId", "count", "vclock"),
            "MemberAdded", Set.of("member", "role"),
            "MemberRemoved", Set.of("member"));
    static final Set<String> COMMON_FIELDS = Set.of("eventId", "clientSeq", "type", "at");

    private ProtocolRules() {
    }

    /** Whether {@code value} is an identifier: {@value #ID_PATTERN} (ASCII only). By hand: it runs per field. */
    public static boolean isIdentifier(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code text} is a UUID in 8-4-4-4-12 hex form. By hand, not a regex: matching every event's id
     * against a pattern was 11% of the gateway's CPU under load (JFR, BENCHMARKS.md "Issue 15").
     */
    public static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int k = 0; k < 36; k++) {
            char c = text.charAt(k);
            boolean ok = k == 8 || k == 13 || k == 18 || k == 23 ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Why a title breaks the rules (1 to 500 code points, no control characters, no lone surrogates), or null. */
    public static String titleProblem(String title) {
        return textProblem(title, MAX_TITLE_CODE_POINTS);
    }

    /** Why a text breaks the rules (1 to {@code max} code points, no control characters, no lone surrogates), or null. */
    public static String textProblem(String text, int max) {
        int codePoints = 0;
        for (int k = 0; k < text.length(); ) {
            char c = text.charAt(k);
            int codePoint;
            if (Character.isHighSurrogate(c) && k + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(k + 1))) {
                codePoint = Character.toCodePoint(c, text.charAt(k + 1));
                k += 2;
            } else if (Character.isSurrogate(c)) {
                return String.format("must be valid Unicode: a lone surrogate U+%04X is at code point %d",
                        (int) c, codePoints);
            } else {
                codePoint = c;
                k++;
            }
            if (Character.getType(codePoint) == Character.CONTROL) {
                return String.format("must not contain control characters: U+%04X is at code point %d",
                        codePoint, codePoints);
            }
            codePoints++;
        }
        if (codePoints == 0) {
            return "must not be empty";
        }
        if (codePoints > max) {
            return "must be at most " + max + " Unicode code points, has " + codePoints;
        }
        return null;
    }
}
