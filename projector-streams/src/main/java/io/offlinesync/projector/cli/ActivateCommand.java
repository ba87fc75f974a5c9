package io.offlinesync.projector.cli;

import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.streams.projections.ProjectionControl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "activate", sortOptions = false,
        description = {"Makes query-api serve version N; refused (exit 1) unless N has caught up with todo.events.",
                "First compares N with the active version (as diff does) and shows the summary; when they disagree on "
                        + "anything but the fields N adds, asks for confirmation (--yes answers it)."})
final class ActivateCommand extends Subcommand implements Callable<Integer> {

    @ParentCommand
    ProjectionsCommand root;

    @Option(names = "--version", required = true, description = "the version to serve: 3 or v3")
    String version;

    @Option(names = "--yes", description = "activate even when the versions disagree, without asking")
    boolean yes;

    @Option(names = "--show", defaultValue = "5", description = "how many disagreeing lists to print (default: 5)")
    int show;

    /** The operator's answer to the question; a line of standard input (none: no). Tests replace it. */
    Supplier<String> answer = ActivateCommand::readLine;

    @Override
    public Integer call() {
        String target = InstalledProjections.load().require(version).name();
        PrintWriter out = out();
        PrintWriter err = err();
        String active;
        try (ProjectionControl control = root.connect()) {
            active = control.active().active();
        }
        if (!target.equals(active)) {
            out.printf("comparing %s (active) with %s:%n", active, target);
            out.flush();
            ViewsComparison comparison = new ProjectionViews(root.kafka(), root.registry)
                    .compare(active, target, show);
            comparison.print(out);
            if (!comparison.agrees() && !confirmed(out, target, active)) {
                err.printf("projections: not activated: %s and %s disagree (above); answer y or pass --yes%n",
                        active, target);
                err.flush();
                return 1;
            }
        }
        // made by query-api, which checks the operator's token itself and refuses a version that lags (409)
        return report(root.operator().activate(target));
    }

    private boolean confirmed(PrintWriter out, String target, String active) {
        if (yes) {
            out.printf("--yes: activating %s although it disagrees with %s%n", target, active);
            out.flush();
            return true;
        }
        out.printf("activate %s anyway? [y/N] ", target);
        out.flush();
        String line = answer.get();
        if (line == null) {
            out.println(); // no answer (end of input): the prompt's line ends here
            out.flush();
        }
        return line != null && java.util.Set.of("y", "yes").contains(line.strip().toLowerCase(Locale.ROOT));
    }

    private static String readLine() {
        try {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
