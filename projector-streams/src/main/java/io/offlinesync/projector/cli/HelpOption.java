package io.offlinesync.projector.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} for the subcommands. Not picocli's standard help mixin: that one also brings
 * {@code --version}, which replay and activate use for the projection version.
 */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
