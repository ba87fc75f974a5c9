package io.offlinesync.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Liveness and readiness of Kafka Streams applications, state by state. */
class StreamsProbeTest {

    @TempDir
    Path stateDir;

    private static StreamsStatus status(State state, int restoring, boolean hasRun, boolean closing, Throwable failure) {
        return new StreamsStatus("app", state, restoring, hasRun, closing, failure);
    }

    private static Status readiness(StreamsStatus status) {
        return StreamsProbe.readiness(() -> List.of(status)).health().getStatus();
    }

    private static Status liveness(StreamsStatus status) {
        return StreamsProbe.liveness(() -> List.of(status)).health().getStatus();
    }

    @Test
    void readyOnlyWhileRunningWithCompleteStores() {
        assertThat(readiness(status(State.RUNNING, 0, true, false, null))).isEqualTo(Status.UP);
        assertThat(readiness(status(State.CREATED, 0, false, false, null))).isEqualTo(Status.DOWN);
        assertThat(readiness(status(State.REBALANCING, 0, false, false, null))).as("first assignment")
                .isEqualTo(Status.DOWN);
        assertThat(readiness(status(State.REBALANCING, 2, true, false, null))).as("restoring after a rebalance")
                .isEqualTo(Status.DOWN);
        assertThat(readiness(status(State.RUNNING, 1, true, false, null))).as("a store still restoring")
                .isEqualTo(Status.DOWN);
        assertThat(readiness(status(State.REBALANCING, 0, true, false, null))).as("a group change, nothing restores")
                .isEqualTo(Status.UP);
        assertThat(readiness(status(State.PENDING_SHUTDOWN, 0, true, true, null))).isEqualTo(Status.DOWN);
        assertThat(readiness(status(State.NOT_RUNNING, 0, true, true, null))).isEqualTo(Status.DOWN);
        assertThat(readiness(status(State.ERROR, 0, true, false, new IllegalStateException("x")))).isEqualTo(Status.DOWN);
    }

    @Test
    void liveUnlessFailedOrStoppedWithoutBeingClosed() {
        assertThat(liveness(status(State.CREATED, 0, false, false, null))).isEqualTo(Status.UP);
        assertThat(liveness(status(State.REBALANCING, 3, false, false, null))).isEqualTo(Status.UP);
        assertThat(liveness(status(State.RUNNING, 0, true, false, null))).isEqualTo(Status.UP);
        assertThat(liveness(status(State.NOT_RUNNING, 0, true, true, null))).as("closed on purpose").isEqualTo(Status.UP);
        assertThat(liveness(status(State.PENDING_ERROR, 0, true, false, null))).isEqualTo(Status.DOWN);
        assertThat(liveness(status(State.ERROR, 0, true, false, null))).isEqualTo(Status.DOWN);
        assertThat(liveness(status(State.NOT_RUNNING, 0, true, false, new IllegalStateException("poison"))))
                .as("a failed stream thread shut the client down").isEqualTo(Status.DOWN);
        assertThat(liveness(status(State.NOT_RUNNING, 0, true, false, null))).as("stopped, not by close()")
                .isEqualTo(Status.DOWN);
    }

    @Test
    void detailsNameEveryApplicationWithWhatHoldsItBack() {
        Health health = StreamsProbe.readiness(() -> List.of(
                new StreamsStatus("sequencer", State.RUNNING, 0, true, false, null),
                new StreamsStatus("projection-v2", State.REBALANCING, 3, true, false, null),
                new StreamsStatus("projection-v1", State.ERROR, 0, true, false, new IllegalStateException("bad record"))))
                .health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("sequencer", "RUNNING")
                .containsEntry("projection-v2", "REBALANCING, restoring 3 store partition(s)")
                .containsEntry("projection-v1", "ERROR: bad record");
    }

    @Test
    void aRealClientWithoutABrokerIsLiveButNotReadyAndStaysLiveWhenClosed() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("probe-input", Consumed.with(Serdes.String(), Serdes.String()));
        StreamsSettings settings = new StreamsSettings("127.0.0.1:1", "probe-test", stateDir.toString(), false,
                Duration.ofMillis(100), 1, null);
        try (ManagedStreams streams = new ManagedStreams("probe", builder.build(), settings.toProperties(), null)) {
            StreamsProbe liveness = StreamsProbe.liveness(new StreamsApplications(List.of(streams)));
            StreamsProbe readiness = StreamsProbe.readiness(new StreamsApplications(List.of(streams)));
            assertThat(streams.state()).isEqualTo(State.CREATED);
            assertThat(readiness.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);

            streams.start();
            assertThat(streams.state()).isEqualTo(State.REBALANCING);
            assertThat(readiness.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(readiness.health().getDetails()).containsEntry("probe", "REBALANCING, not yet running");
            assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);

            streams.close();
            assertThat(streams.state()).isEqualTo(State.NOT_RUNNING);
            assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);
            assertThat(readiness.health().getStatus()).isEqualTo(Status.DOWN);
        }
    }
}
