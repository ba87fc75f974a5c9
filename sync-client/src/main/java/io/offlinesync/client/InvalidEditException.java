package io.offlinesync.client;

import io.offlinesync.protocol.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An edit the gateway would refuse for good (protocol v1's rules, {@link io.offlinesync.protocol.ClientEventRules}):
 * it is not queued, so it can never block the edits behind it. {@link #errors()} name the fields as the gateway would.
 */
public final class InvalidEditException extends IllegalArgumentException {

    private final transient List<FieldError> errors;

    InvalidEditException(String listId, List<FieldError> errors) {
        super("edit of list " + listId + " not queued: " + errors.stream()
                .map(e -> (e.field() == null ? "event" : e.field()) + " " + e.message())
                .collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
