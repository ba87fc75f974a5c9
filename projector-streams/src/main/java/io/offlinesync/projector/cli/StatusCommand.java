package io.offlinesync.projector.cli;

import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.schemas.projection.StoredProjection;
import io.offlinesync.streams.projections.ActiveProjection;
import io.offlinesync.streams.projections.ProjectionControl;
import io.offlinesync.streams.projections.ProjectionLag;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", sortOptions = false,
        description = "Shows every installed projection, its lag per partition of todo.events, and which one is active.")
final class StatusCommand extends Subcommand implements Callable<Integer> {

    @ParentCommand
    ProjectionsCommand root;

    @Override
    public Integer call() {
        PrintWriter out = out();
        try (ProjectionControl control = root.connect()) {
            ActiveProjection active = control.active();
            out.printf("active: %s (previous: %s)%n", active.active(), active.previous() == null ? "-" : active.previous());
            for (StoredProjection<?, ?> installed : InstalledProjections.load().all()) {
                String name = installed.name();
                ProjectionLag lag = control.lag(name);
                out.printf("%s%s  %-14s %-22s lag %d %s  members %d  per partition %s%n", name,
                        name.equals(active.active()) ? "*" : " ", installed.projection().id(), lag.applicationId(), lag.total(),
                        lag.caughtUp() ? "(caught up)" : "(behind)", lag.members(), lag.partitions());
            }
        }
        out.flush();
        return 0;
    }
}
