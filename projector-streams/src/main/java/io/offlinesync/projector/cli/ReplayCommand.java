package io.offlinesync.projector.cli;

import io.offlinesync.projector.projection.ProjectionMeters;
import io.offlinesync.projector.projection.ProjectionTarget;
import io.offlinesync.projector.projection.ReplayTuning;
import io.offlinesync.projector.projection.ProjectionTopology;
import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.schemas.SchemaRegistrar;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.streams.ManagedStreams;
import io.offlinesync.streams.StreamsSettings;
import io.offlinesync.streams.deadletters.DeadLetterProperties;
import io.offlinesync.streams.deadletters.DeadLetters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.offlinesync.streams.projections.ProjectionControl;
import io.offlinesync.streams.projections.ProjectionLag;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "replay", sortOptions = false,
        description = {"Runs version N's fold over todo.events from the earliest offset in this process until it "
                + "has caught up (progress on stderr), then exits; --follow keeps it running.",
                "With --copy NAME it builds application todo-projection-vN-NAME into topic todo.lists.vN-NAME "
                        + "(created if missing) beside the live version."})
final class ReplayCommand extends Subcommand implements Callable<Integer> {

    @ParentCommand
    ProjectionsCommand root;

    @Option(names = "--version", required = true, description = "the version to replay: 1, v1, 3, v3 (any installed)")
    String version;

    @Option(names = "--copy", description = "build a copy named NAME beside the live version")
    String copy;

    @Option(names = "--follow", description = "keep the projection running after it has caught up")
    boolean follow;

    @Option(names = "--state-dir", defaultValue = "${sys:java.io.tmpdir}/offline-sync/projections-cli",
            description = "local state of the replayed application, in a folder per cluster "
                    + "(default: ${DEFAULT-VALUE}/<bootstrap servers>/<application id>)")
    Path stateDir;

    @Option(names = "--threads", description = "stream threads (default: one per core, "
            + "up to the partitions of todo.events)")
    Integer threads;

    @Option(names = "--commit-interval", defaultValue = "1s", converter = Interval.class,
            description = "how often the replay commits and stores the lists it changed, e.g. 1s, 500ms "
                    + "(default: ${DEFAULT-VALUE}; the live projector does both every 100 ms)")
    Duration commitInterval;

    @Option(names = "--replication-factor", defaultValue = "1",
            description = "of the topic it creates when missing (default: 1)")
    short replicationFactor;

    /** The service's defaults, on the topic of {@code DEADLETTERS_TOPIC} if set. */
    private static DeadLetterProperties deadLetterSettings() {
        DeadLetterProperties defaults = DeadLetterProperties.defaults();
        String topic = System.getenv("DEADLETTERS_TOPIC");
        return topic == null || topic.isBlank() ? defaults
                : new DeadLetterProperties(topic, defaults.degradedFor(), defaults.sendTimeout());
    }

    /** Set by tests and --follow's shutdown hook: stops a following replay. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter err = err();
        if ((threads != null && threads < 1) || commitInterval.isNegative() || commitInterval.isZero()) {
            err.println("projections: --threads must be at least 1 and --commit-interval positive");
            err.flush();
            return 2;
        }
        ProjectionTarget target = new ProjectionTarget(InstalledProjections.load().require(version), copy);
        try (ProjectionControl control = root.connect()) {
            int members = control.members(target.applicationId());
            if (copy == null && members > 0) {
                err.printf("projections: refused: %s has %d live members (the projector runs it); "
                        + "replay it beside the live one with --copy NAME%n", target.applicationId(), members);
                err.flush();
                return 1;
            }
            if (control.ensureStateTopic(target.name(), replicationFactor, Duration.ofSeconds(15))) {
                err.printf("created topic %s (%d partitions, compacted)%n", target.topic(), control.endOffsets().size());
            }
            new SchemaRegistrar(root.registry).registerAll(target.subjects(), Duration.ofSeconds(30));
            ReplayTuning tuning = new ReplayTuning(threads != null ? threads
                    : ReplayTuning.defaults(control.endOffsets().size()).threads(), commitInterval);
            StreamsSettings settings = new StreamsSettings(root.bootstrapServers, target.applicationId(),
                    localState(target).toString(), true, tuning.commitInterval(),
                    replicationFactor, null);
            java.util.Properties streamsProperties = tuning.applyTo(settings.toProperties());
            streamsProperties.putAll(root.kafka().admin()); // the command's Kafka settings (security) for Streams too
            ProjectionMeters meters = ProjectionMeters.unregistered(target.name());
            try (ManagedStreams streams = new ManagedStreams("replay-" + target.name(),
                    ProjectionTopology.build(target, ValueSerdes.registry(root.registry), tuning.fold(), meters),
                    streamsProperties,
                    DeadLetters.of(target.applicationId(), root.kafka(), new SimpleMeterRegistry(),
                            deadLetterSettings()))) {
                streams.start();
                Thread hook = Thread.ofPlatform().unstarted(stop::countDown);
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    return run(control, target, streams, meters, err);
                } finally {
                    removeHook(hook);
                }
            }
        }
    }

    /**
     * A folder per cluster: a copy's application id (todo-projection-v1-check) is the same on every stack, and
     * state left by a replay against another cluster would not match this one's changelogs.
     */
    private Path localState(ProjectionTarget target) {
        return stateDir.resolve(root.bootstrapServers.replaceAll("[^A-Za-z0-9._-]", "_")).resolve(target.applicationId());
    }

    private int run(ProjectionControl control, ProjectionTarget target, ManagedStreams streams,
                    ProjectionMeters meters, PrintWriter err) throws InterruptedException {
        ReplayProgress progress = new ReplayProgress(err);
        boolean reported = false;
        while (true) {
            if (streams.failure() != null || streams.state() == KafkaStreams.State.ERROR) {
                progress.finish();
                err.println("projections: replay failed: " + (streams.failure() == null ? streams.state()
                        : streams.failure().getMessage()));
                err.flush();
                return 2;
            }
            Map<Integer, Long> ends = control.endOffsets();
            ProjectionLag lag = control.lag(target.name());
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            boolean caughtUp = caughtUp(lag, meters, streams.state());
            // read after the lag: once caught up, every entry up to the committed offsets is counted
            progress.show(total - lag.total(), total, meters.entriesFolded());
            if (!reported && caughtUp) {
                progress.finish();
                err.printf("%s caught up with todo.events into %s%n", target.name(), target.topic());
                err.flush();
                reported = true;
                if (!follow) {
                    return 0;
                }
            }
            if (stop.await(1, TimeUnit.SECONDS)) {
                progress.finish();
                return 0;
            }
        }
    }

    /**
     * Caught up: every partition's committed offset is at the end of todo.events, and no task holds folded entries
     * its lists' stored states lack. The offsets alone run ahead of the states by up to a flush (a commit may fall
     * between an entry and the flush that stores its list; {@code ListFoldProcessor} says why that loses nothing).
     * {@code lag} must be read before this is called: an entry behind a committed offset was folded before it was
     * read, so no unstored entries now means its list is stored, and the close that follows commits that store.
     */
    static boolean caughtUp(ProjectionLag lag, ProjectionMeters meters, KafkaStreams.State state) {
        return lag.caughtUp() && meters.tasksWithUnstoredEntries() == 0 && state == KafkaStreams.State.RUNNING;
    }

    /** 1s, 500ms, PT1S: Spring Boot's duration forms, positive (the setting's own check says why otherwise). */
    static final class Interval implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationStyle.detectAndParse(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (e.g. 1s, 500ms)");
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
    }
}
