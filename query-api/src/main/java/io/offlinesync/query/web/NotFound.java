package io.offlinesync.query.web;

/** The list (or item) is unknown here (404). */
final class NotFound extends RuntimeException {
    NotFound(String message) {
        super(message);
    }
}
