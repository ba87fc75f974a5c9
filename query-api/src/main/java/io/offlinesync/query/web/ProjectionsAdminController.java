package io.offlinesync.query.web;

import io.offlinesync.query.state.ActiveProjectionQuery;
import io.offlinesync.query.state.ListStateQuery;
import io.offlinesync.streams.projections.ActiveProjection;
import io.offlinesync.streams.projections.ProjectionControl;
import io.offlinesync.streams.projections.ProjectionLag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's projection switch over HTTP, the same operations as the {@code projections} command
 * line: status, activate (409 unless the version has caught up with todo.events), rollback.
 */
@RestController
class ProjectionsAdminController {

    private final ProjectionControl control;
    private final ListStateQuery states;
    private final ActiveProjectionQuery active;

    ProjectionsAdminController(ProjectionControl control, ListStateQuery states, ActiveProjectionQuery active) {
        this.control = control;
        this.states = states;
        this.active = active;
    }

    /** Body for status and switches: the control record as written, and each served version's lag. */
    record Status(String active, String previous, String servedHere, List<VersionStatus> projections) {}

    record VersionStatus(String name, String applicationId, Map<Integer, Long> lag, long totalLag,
                         boolean caughtUp, int members) {}

    @GetMapping(path = "/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
    Status status() {
        return status(control.active());
    }

    @PostMapping(path = "/admin/projections/activate", produces = MediaType.APPLICATION_JSON_VALUE)
    Status activate(HttpServletRequest request) {
        String raw = QueryParams.raw(request, "version");
        if (raw == null) {
            throw new BadParameter("version", "is required (one of " + String.join(", ", states.projections()) + ")");
        }
        String version = raw.matches("[0-9]{1,3}") ? "v" + raw : raw;
        if (!states.projections().contains(version)) {
            throw new BadParameter("version", "must be one of " + String.join(", ", states.projections())
                    + ", was '" + QueryParams.abbreviate(raw) + "'");
        }
        return status(control.activate(version));
    }

    @PostMapping(path = "/admin/projections/rollback", produces = MediaType.APPLICATION_JSON_VALUE)
    Status rollback() {
        ActiveProjection current = control.active();
        if (current.previous() != null && !states.projections().contains(current.previous())) {
            throw new SwitchRefused("the previous projection " + current.previous() + " is not served here");
        }
        return status(control.rollback());
    }

    private Status status(ActiveProjection record) {
        List<VersionStatus> versions = states.projections().stream().map(control::lag)
                .map(ProjectionsAdminController::version).toList();
        return new Status(record.active(), record.previous(), active.read().active(), versions);
    }

    private static VersionStatus version(ProjectionLag lag) {
        return new VersionStatus(lag.projection(), lag.applicationId(), new LinkedHashMap<>(lag.partitions()),
                lag.total(), lag.caughtUp(), lag.members());
    }
}
