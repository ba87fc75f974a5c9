package io.offlinesync.gateway.web;

import tools.jackson.databind.JsonNode;

/** A push body as a JSON tree, with its bytes held on the in-flight budget until it is closed. */
record ReadBody(JsonNode json, BodyReservation reservation) implements AutoCloseable {

    @Override
    public void close() {
        reservation.close();
    }
}
