package io.offlinesync.query.web;

/** A request parameter that is malformed or out of range (400). */
final class BadParameter extends RuntimeException {

    private final String field;

    BadParameter(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
