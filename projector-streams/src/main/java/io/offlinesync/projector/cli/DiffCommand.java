package io.offlinesync.projector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "diff", sortOptions = false,
        description = {"Reads two projections' topics to their end and compares, for every list, their views as "
                + "query-api serves them: every field both have, items one by one, and fields only --from has.",
                "Fields only --to has are what it adds: listed, not a difference. "
                        + "Exit code 0 only when no list differs, 1 when some do."})
final class DiffCommand extends Subcommand implements Callable<Integer> {

    @ParentCommand
    ProjectionsCommand root;

    @Option(names = "--from", required = true, description = "a projection name: v1, v2, v1-check, ...")
    String from;

    @Option(names = "--to", required = true, description = "a projection name: v1, v2, v1-check, ...")
    String to;

    @Option(names = "--show", defaultValue = "5", description = "how many differing lists to print (default: 5)")
    int show;

    @Override
    public Integer call() {
        ViewsComparison comparison = new ProjectionViews(root.kafka(), root.registry).compare(from, to, show);
        comparison.print(out());
        return comparison.agrees() ? 0 : 1;
    }
}
