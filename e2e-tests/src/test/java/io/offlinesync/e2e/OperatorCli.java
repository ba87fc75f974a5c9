package io.offlinesync.e2e;

import io.offlinesync.projector.cli.ProjectionsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The operator's {@code ./projections} command line, run in this JVM against a {@link Platform}, as an operator. */
final class OperatorCli {

    record Run(int exit, String out, String err) {}

    private OperatorCli() {
    }

    /** Runs {@code args} with the platform's broker, registry, query-api and an operator's token file. */
    static Run run(Platform platform, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--bootstrap-servers=" + platform.bootstrap);
        all.add("--registry=" + platform.registry.url());
        all.add("--query-api=" + platform.queryUrl());
        all.add("--token-file=" + operatorToken(platform));
        if (args[0].equals("replay")) {
            all.add("--state-dir=" + platform.work.resolve("cli-state"));
        }
        var cl = ProjectionsCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** An operator's token in a file, as an operator hands it to ./projections. */
    private static Path operatorToken(Platform platform) {
        try {
            Path file = platform.work.resolve("operator.token");
            if (!Files.exists(file)) {
                Files.writeString(file, platform.adminToken());
            }
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
