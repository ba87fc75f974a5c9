package io.offlinesync.query.web;

import io.offlinesync.protocol.ProtocolRules;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/** Strict parsing of path and query parameters: anything malformed or out of range is refused, never clamped. */
final class QueryParams {

    /** ASCII digits only: Long.parseLong also takes "+1" and non-ASCII digits such as U+0663 or U+FF11. */
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private QueryParams() {
    }

    static void listId(String listId) {
        id("listId", listId);
    }

    static void id(String name, String value) {
        if (!ProtocolRules.isIdentifier(value)) {
            throw new BadParameter(name, ProtocolRules.ID_RULE);
        }
    }

    static long longParam(String name, String raw, long defaultValue, long min, long max) {
        if (raw == null) {
            return defaultValue;
        }
        long value;
        try {
            if (!INTEGER.matcher(raw).matches()) {
                throw new NumberFormatException(raw);
            }
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new BadParameter(name, "must be an integer from " + min + " to " + max + ", was '" + abbreviate(raw) + "'");
        }
        if (value < min || value > max) {
            throw new BadParameter(name, "must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    /**
     * The parameter's raw value: null when absent, "" when given without a value ({@code ?after}),
     * which is then refused like any other malformed value rather than read as absent.
     */
    static String raw(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values == null) {
            return request.getParameterMap().containsKey(name) ? "" : null;
        }
        if (values.length > 1) {
            throw new BadParameter(name, "must be given once, was given " + values.length + " times");
        }
        return values[0] == null ? "" : values[0];
    }

    /** Only the literals {@code true} and {@code false}; absent is {@code defaultValue}. */
    static boolean boolParam(String name, String raw, boolean defaultValue) {
        if (raw == null) {
            return defaultValue;
        }
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadParameter(name, "must be true or false, was '" + abbreviate(raw) + "'");
        };
    }

    static String abbreviate(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
    }
}
