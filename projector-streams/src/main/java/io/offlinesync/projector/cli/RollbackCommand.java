package io.offlinesync.projector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "rollback", sortOptions = false,
        description = "Switches query-api back to the previously active version.")
final class RollbackCommand extends Subcommand implements Callable<Integer> {

    @ParentCommand
    ProjectionsCommand root;

    @Override
    public Integer call() {
        // made by query-api, which checks the operator's token itself and refuses when there is no previous version
        return report(root.operator().rollback());
    }
}
