package io.offlinesync.protocol;

/**
 * One validation error.
 *
 * @param index   the event's index in {@code events}, or null for the path, a top-level field or the body
 * @param field   JSON path inside the event ({@code at.ms}, {@code vclock.ann-phone}), the top-level field
 *                ({@code clientId}, {@code events}), {@code listId} for the path, or null for a whole
 *                event or the whole body
 * @param message what is wrong, in words
 */
public record FieldError(Integer index, String field, String message) {
}
