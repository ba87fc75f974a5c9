package io.offlinesync.query.web;

import io.offlinesync.query.state.ActiveProjectionQuery;
import io.offlinesync.query.state.ListStateQuery;
import io.offlinesync.domain.projection.Projection;
import io.offlinesync.streams.projections.ActiveProjection;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/projections}: which projections this instance serves and which one it serves by default, so a
 * device that derives with its own version knows whether it can read the server's state under that version
 * ({@code GET /v1/lists/{listId}?projection=v3}). Any signed-in user may read it.
 */
@RestController
class ProjectionsController {

    /** One served projection: its name ({@code v3}), what it derives ({@code todo-archive}) and its version. */
    record Served(String name, String id, int version) {}

    record Body(String active, String previous, List<Served> projections) {}

    private final ListStateQuery states;
    private final ActiveProjectionQuery active;

    ProjectionsController(ListStateQuery states, ActiveProjectionQuery active) {
        this.states = states;
        this.active = active;
    }

    @GetMapping(path = "/v1/projections", produces = MediaType.APPLICATION_JSON_VALUE)
    Body projections() {
        ActiveProjection current = active.read();
        List<Served> served = states.projections().stream().map(states::projection)
                .map(ProjectionsController::served).toList();
        return new Body(current.active(), current.previous(), served);
    }

    private static Served served(Projection<?> projection) {
        return new Served(projection.name(), projection.id(), projection.version());
    }
}
