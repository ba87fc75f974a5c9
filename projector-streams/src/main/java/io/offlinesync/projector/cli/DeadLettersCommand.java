package io.offlinesync.projector.cli;

import io.offlinesync.streams.deadletters.DeadLetterTopic;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code deadletters list|redrive}: what the Streams applications could not handle, and feeding it again. */
@Command(name = "deadletters", sortOptions = false,
        description = "Lists the records the Kafka Streams applications wrote to the dead-letter topic, "
                + "and re-drives them once the cause is fixed.",
        subcommands = {DeadLettersListCommand.class, DeadLettersRedriveCommand.class})
final class DeadLettersCommand extends Subcommand implements Runnable {

    @ParentCommand
    ProjectionsCommand root;

    @Option(names = "--topic", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:DEADLETTERS_TOPIC:-todo.deadletters}",
            description = "the dead-letter topic (default: ${DEFAULT-VALUE})")
    String topic;

    DeadLetterTopic deadLetterTopic() {
        return new DeadLetterTopic(root.kafka(), topic);
    }

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    /** A key for a terminal: UTF-8 text with control characters escaped, or {@code -} when there is none. */
    static String printable(byte[] key) {
        if (key == null) {
            return "-";
        }
        StringBuilder text = new StringBuilder();
        new String(key, StandardCharsets.UTF_8).codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                text.append(String.format("\\x%02x", c));
            } else {
                text.appendCodePoint(c);
            }
        });
        return text.toString();
    }
}
