package io.offlinesync.client;

import io.offlinesync.domain.projection.Projection;

/**
 * A projection by what names it: {@code name} ({@code v3}, what {@code ?projection=} takes), {@code id} (what it
 * derives, {@code todo-archive}) and {@code version}. Enough to tell two derivations apart and to say which one ran,
 * also when the app no longer has its code.
 */
public record ProjectionRef(String name, String id, int version) {

    public static ProjectionRef of(Projection<?> projection) {
        return new ProjectionRef(projection.name(), projection.id(), projection.version());
    }

    /** {@code v3 (todo-archive)}. */
    @Override
    public String toString() {
        return name + " (" + id + ")";
    }
}
