package io.offlinesync.streams.projections;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The record of compacted topic {@code todo.projections} under key {@value #KEY}: which projection
 * query-api serves and which one it served before (what {@code rollback} returns to). The value is the
 * JSON string {@code {"active":"v2","previous":"v1"}} ({@code previous} may be null): plain text, so an
 * operator can read and, in an emergency, write it with the console tools. An empty topic means
 * {@link #DEFAULT}.
 */
public record ActiveProjection(String active, String previous) {

    public static final String KEY = "active";
    /** Projection names are [a-z0-9_-], so the JSON needs no escaping and a strict pattern reads it. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,40}");
    private static final Pattern ACTIVE = Pattern.compile("\"active\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern PREVIOUS = Pattern.compile("\"previous\"\\s*:\\s*\"([^\"]*)\"");
    /** Declared after the patterns its constructor uses. */
    public static final ActiveProjection DEFAULT = new ActiveProjection("v1", null);

    public ActiveProjection {
        if (active == null || !NAME.matcher(active).matches()) {
            throw new IllegalArgumentException("active projection must match " + NAME.pattern() + ", was " + active);
        }
        if (previous != null && !NAME.matcher(previous).matches()) {
            throw new IllegalArgumentException("previous projection must match " + NAME.pattern() + ", was " + previous);
        }
    }

    public String toJson() {
        return "{\"active\":\"" + active + "\",\"previous\":" + (previous == null ? "null" : "\"" + previous + "\"") + "}";
    }

    /** The record's value, or {@link #DEFAULT} for no value (nothing activated yet, or a tombstone). */
    public static ActiveProjection parse(String json) {
        if (json == null || json.isBlank()) {
            return DEFAULT;
        }
        Matcher active = ACTIVE.matcher(json);
        if (!active.find()) {
            throw new IllegalArgumentException("not an active-projection record: " + json);
        }
        Matcher previous = PREVIOUS.matcher(json);
        return new ActiveProjection(active.group(1), previous.find() ? previous.group(1) : null);
    }

    /**
     * The record after switching to {@code next}: the current active one becomes previous. Switching to the active one
     * changes nothing: what a rollback returns to stays (it was lost to "previous = active" before, found by trying
     * the README's commands).
     */
    public ActiveProjection switchTo(String next) {
        return next.equals(active) ? this : new ActiveProjection(next, active);
    }
}
