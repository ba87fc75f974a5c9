package io.offlinesync.projector.cli;

import io.offlinesync.streams.deadletters.DeadLetter;
import io.offlinesync.streams.deadletters.DeadLetterTopic;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", sortOptions = false,
        description = {"Prints the most recent dead letters, oldest first: where each sits (topic-partition@offset, "
                + "what redrive --offset takes), when it failed, the application and stage, its origin "
                + "(source topic-partition@offset, processor node), its key and the error.",
                "Copies of one dead letter (same origin, written again after an aborted transaction) show once."})
final class DeadLettersListCommand extends Subcommand implements Callable<Integer> {

    @ParentCommand
    DeadLettersCommand parent;

    @Option(names = "--limit", defaultValue = "50", description = "print at most N, the most recent (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1");
        }
        PrintWriter out = out();
        DeadLetterTopic topic = parent.deadLetterTopic();
        List<DeadLetterTopic.Located> all = topic.read(Duration.ofSeconds(30));
        List<DeadLetterTopic.Located> shown = all.subList(Math.max(0, all.size() - limit), all.size());
        out.printf("%d dead letter(s) on %s%s%n", all.size(), topic.topic(),
                shown.size() < all.size() ? ", the last " + shown.size() + " shown" : "");
        for (DeadLetterTopic.Located located : shown) {
            DeadLetter letter = located.letter();
            out.printf("%s-%d@%d  %s  %s  %s  origin %s-%d@%d%s  key %s%n    %s: %s%n", topic.topic(),
                    located.partition(), located.offset(), letter.failedAt(), letter.application(),
                    letter.stage().tag(), letter.topic(), letter.partition(), letter.offset(),
                    letter.node() == null ? "" : " (node " + letter.node() + ")",
                    DeadLettersCommand.printable(letter.key()), letter.errorClass(), letter.errorMessage());
        }
        out.flush();
        return 0;
    }
}
