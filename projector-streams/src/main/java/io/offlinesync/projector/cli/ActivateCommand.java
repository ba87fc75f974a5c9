package io.offlinesync.projector.cli;

import io.offlinesync.projector.projection.ProjectionVersion;
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
        // made by query-api, which checks the operator's token itself and refuses a version that lags (409)
        return report(root.operator().activate(target.id()));
    }

    private Integer report(OperatorAccess.Switch result) {
        if (!result.done()) {
            spec.commandLine().getErr().println("projections: refused: " + result.refusal());
            spec.commandLine().getErr().flush();
            return 1;
        }
        spec.commandLine().getOut().printf("active: %s (previous: %s)%n", result.active(), result.previous());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
