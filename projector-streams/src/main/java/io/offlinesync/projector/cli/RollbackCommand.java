package io.offlinesync.projector.cli;

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
        // made by query-api, which checks the operator's token itself and refuses when there is no previous version
        OperatorAccess.Switch result = root.operator().rollback();
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
