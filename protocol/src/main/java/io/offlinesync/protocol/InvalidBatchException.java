package io.offlinesync.protocol;

import java.util.List;

/** The batch breaks the protocol; nothing is written. {@code errors} holds the first errors found. */
public class InvalidBatchException extends RuntimeException {

    private final transient List<FieldError> errors;
    private final int total;

    public InvalidBatchException(List<FieldError> errors, int total) {
        super(total + " validation error(s)");
        this.errors = List.copyOf(errors);
        this.total = total;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** How many errors were found, including those beyond the reported ones. */
    public int total() {
        return total;
    }
}
