package io.offlinesync.projector.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sequencer commits early only after a young record, at most once per gap; a backlog waits for the interval. */
class EarlyCommitTest {

    private final EarlyCommit early = EarlyCommit.within(Duration.ofMillis(100));

    @Test
    void aRecordYoungerThanTheIntervalCommitsNow() {
        assertThat(early.now(10_000, 9_990, 0)).isTrue();
        assertThat(early.now(10_000, 9_901, 0)).isTrue();
    }

    @Test
    void aRecordAsOldAsTheIntervalWaitsForIt() {
        assertThat(early.now(10_000, 9_900, 0)).as("a backlog: batched by the interval").isFalse();
        assertThat(early.now(10_000, 2_000, 0)).isFalse();
    }

    @Test
    void earlyCommitsAreAtLeastTheGapApart() {
        assertThat(early.now(10_000, 9_995, 9_960)).as("40 ms after the last").isFalse();
        assertThat(early.now(10_000, 9_995, 9_950)).as("50 ms after the last").isTrue();
    }

    @Test
    void aClockAheadByLessThanTheIntervalStillCountsAndNeverMeansNever() {
        assertThat(early.now(10_000, 10_050, 0)).as("the gateway's clock 50 ms ahead").isTrue();
        assertThat(early.now(10_000, 10_500, 0)).as("far ahead: not trusted").isFalse();
        assertThat(EarlyCommit.NEVER.now(10_000, 10_000, 0)).isFalse();
    }
}
