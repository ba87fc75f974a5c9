package io.offlinesync.projector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.projector.projection.ReplayTuning;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A replay's own settings: a thread per core and a commit per second unless told, bad values named. */
class ReplayOptionsTest {

    private static ReplayCommand parse(String... args) {
        CommandLine.ParseResult result = new CommandLine(new ProjectionsCommand()).parseArgs(args);
        return (ReplayCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void theDefaultsAreACommitPerSecondAndNoFixedThreadCount() {
        ReplayCommand replay = parse("replay", "--version", "1");
        assertThat(replay.commitInterval).isEqualTo(Duration.ofSeconds(1));
        assertThat(replay.threads).isNull();
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(ReplayTuning.defaults().threads()).isEqualTo(cores);
        assertThat(ReplayTuning.defaults(1).threads()).as("no more threads than partitions").isEqualTo(1);
        assertThat(ReplayTuning.defaults(cores + 10).threads()).isEqualTo(cores);
    }

    @Test
    void threadsAndCommitIntervalReachTheStreamsSettingsAndTheFold() {
        ReplayCommand replay = parse("replay", "--version", "1", "--threads", "3", "--commit-interval", "250ms");
        ReplayTuning tuning = new ReplayTuning(replay.threads, replay.commitInterval);
        Properties streams = tuning.applyTo(new Properties());
        assertThat(streams).containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 3)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250L);
        assertThat(tuning.fold().flushInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aReplaysProducersSendLargeBatchesOverTheLiveServicesSettings() {
        Properties live = new Properties();
        live.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        Properties streams = ReplayTuning.defaults().applyTo(live);
        assertThat(streams).containsEntry(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024)
                .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 100);
    }

    @Test
    void aCommitIntervalThatIsNotADurationIsRefusedByName() {
        assertThatThrownBy(() -> parse("replay", "--version", "1", "--commit-interval", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--commit-interval").hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void zeroThreadsOrANonPositiveIntervalAreRefused() {
        assertThatThrownBy(() -> new ReplayTuning(0, Duration.ofSeconds(1)))
                .hasMessageContaining("replay threads must be at least 1");
        assertThatThrownBy(() -> new ReplayTuning(2, Duration.ZERO))
                .hasMessageContaining("replay commit interval must be positive");
    }
}
