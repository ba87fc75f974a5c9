package io.offlinesync.query.web;

/** A projection switch that would serve a state that is missing or behind (409). */
final class SwitchRefused extends RuntimeException {
    SwitchRefused(String message) {
        super(message);
    }
}
