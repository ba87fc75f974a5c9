package io.offlinesync.projector.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand has: {@code -h/--help}, and its writers (tests capture them). */
abstract class Subcommand {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints query-api's answer to activate or rollback: 0 when it switched, 1 with its reason when refused. */
    int report(OperatorAccess.Switch result) {
        if (!result.done()) {
            err().println("projections: refused: " + result.refusal());
            err().flush();
            return 1;
        }
        out().printf("active: %s (previous: %s)%n", result.active(), result.previous());
        out().flush();
        return 0;
    }
}
