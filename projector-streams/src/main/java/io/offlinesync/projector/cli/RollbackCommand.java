package io.offlinesync.projector.cli;

import io.offlinesync.streams.projections.ActiveProjection;
import io.offlinesync.streams.projections.ProjectionControl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rollback", sortOptions = false,
        description = "Switches query-api back to the previously active version.")
final class RollbackCommand implements Callable<Integer> {

    @ParentCommand
    ProjectionsCommand root;

    @picocli.CommandLine.Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (ProjectionControl control = root.connect()) {
            ActiveProjection now = control.rollback();
            spec.commandLine().getOut().printf("active: %s (previous: %s)%n", now.active(), now.previous());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ProjectionControl.NotCaughtUp | ProjectionControl.NoPrevious e) {
            spec.commandLine().getErr().println("projections: refused: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
