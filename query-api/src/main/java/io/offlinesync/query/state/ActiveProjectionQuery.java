package io.offlinesync.query.state;

import io.offlinesync.streams.projections.ActiveProjection;
import java.util.function.Supplier;

/** Which projection this instance serves when a request does not ask for one. */
public final class ActiveProjectionQuery {

    private final Supplier<ActiveProjection> current;

    /** Over {@link ActiveProjectionWatch#current()} in the service, a fixed or settable value in tests. */
    public ActiveProjectionQuery(Supplier<ActiveProjection> current) {
        this.current = current;
    }

    public ActiveProjection read() {
        return current.get();
    }
}
