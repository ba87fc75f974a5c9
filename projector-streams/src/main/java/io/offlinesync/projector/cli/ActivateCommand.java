package io.offlinesync.projector.cli;

import io.offlinesync.projector.projection.ProjectionVersion;
import io.offlinesync.streams.projections.ActiveProjection;
import io.offlinesync.streams.projections.ProjectionControl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "activate", sortOptions = false,
        description = "Makes query-api serve version N; refused (exit 1) unless N has caught up with todo.events.")
final class ActivateCommand implements Callable<Integer> {

    @ParentCommand
    ProjectionsCommand root;

    @picocli.CommandLine.Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--version", required = true, description = "the version to serve: 2 or v2")
    String version;

    @Override
    public Integer call() {
        ProjectionVersion target = ProjectionVersion.parse(version).orElseThrow(() ->
                new IllegalArgumentException("unknown version '" + version + "'"));
        try (ProjectionControl control = root.connect()) {
            ActiveProjection now = control.activate(target.id());
            spec.commandLine().getOut().printf("active: %s (previous: %s)%n", now.active(), now.previous());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ProjectionControl.NotCaughtUp e) {
            spec.commandLine().getErr().println("projections: refused: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
