package io.offlinesync.projector.cli;

import io.offlinesync.streams.deadletters.DeadLetterTopic;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "redrive", sortOptions = false,
        description = {"Writes the original record of a dead letter (--offset) or of every one (--all) back to its "
                + "source topic, or to --to TOPIC, with its key, value and headers and a header "
                + "deadletter.redriven.from; idempotent producer, acks=all. Prints what it wrote.",
                "Re-driving todo.inbox is safe: the sequencer drops batches it has already sequenced. It refuses "
                        + "todo.events, todo.lists.*, todo.projections and todo.members (a copy would be a second log entry or "
                        + "state only their writer may set): fix the fold and replay instead."})
final class DeadLettersRedriveCommand extends Subcommand implements Callable<Integer> {

    @ParentCommand
    DeadLettersCommand parent;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--offset", description = "the dead letter at this offset (as `list` prints it)")
        Long offset;

        @Option(names = "--all", description = "every dead letter (copies of one once)")
        boolean all;
    }

    @Option(names = "--partition", defaultValue = "0",
            description = "the dead-letter topic's partition of --offset (default: ${DEFAULT-VALUE})")
    int partition;

    @Option(names = "--to", description = "write to TOPIC instead of each record's source topic")
    String to;

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        DeadLetterTopic topic = parent.deadLetterTopic();
        List<DeadLetterTopic.Located> chosen = topic.read(Duration.ofSeconds(30)).stream()
                .filter(l -> which.all || (l.partition() == partition && l.offset() == which.offset))
                .toList();
        if (chosen.isEmpty()) {
            err.println(which.all ? "projections: no dead letters on " + topic.topic()
                    : "projections: no dead letter at " + topic.topic() + "-" + partition + "@" + which.offset
                    + " (see `deadletters list`)");
            err.flush();
            return 1;
        }
        for (DeadLetterTopic.Located located : chosen) {
            String target = to != null ? to : located.letter().topic();
            if (DeadLetterTopic.protectedTopic(target)) {
                err.printf("projections: refused: %s-%d@%d would go to %s, which only its own writer may append to; "
                                + "fix the fold and replay instead%n", topic.topic(), located.partition(),
                        located.offset(), target);
                err.flush();
                return 1;
            }
        }
        for (DeadLetterTopic.Redriven done : topic.redrive(chosen, to, Duration.ofSeconds(30))) {
            DeadLetterTopic.Located from = done.from();
            out.printf("re-drove %s-%d@%d (%s, %s-%d@%d, key %s) to %s-%d@%d%n", topic.topic(), from.partition(),
                    from.offset(), from.letter().application(), from.letter().topic(), from.letter().partition(),
                    from.letter().offset(), DeadLettersCommand.printable(from.letter().key()), done.topic(),
                    done.partition(), done.offset());
        }
        out.flush();
        return 0;
    }
}
