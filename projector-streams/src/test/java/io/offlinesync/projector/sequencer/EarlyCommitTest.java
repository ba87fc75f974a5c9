package io.offlinesync.projector.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A record is young while it is younger than the interval; early commits are at least the gap apart. */
class EarlyCommitTest {

    private final EarlyCommit early = EarlyCommit.within(Duration.ofMillis(100));

    @Test
    void aRecordYoungerThanTheIntervalIsYoung() {
        assertThat(early.young(10_000, 9_990)).isTrue();
        assertThat(early.young(10_000, 9_901)).isTrue();
    }

    @Test
    void aRecordAsOldAsTheIntervalIsABacklogs() {
        assertThat(early.young(10_000, 9_900)).as("a backlog: batched by the interval").isFalse();
        assertThat(early.young(10_000, 2_000)).isFalse();
    }

    @Test
    void earlyCommitsAreAtLeastTheGapApart() {
        assertThat(early.minGap()).isEqualTo(Duration.ofMillis(25));
        assertThat(early.gapPassed(10_000, 9_980)).as("20 ms after the last").isFalse();
        assertThat(early.gapPassed(10_000, 9_975)).as("25 ms after the last").isTrue();
        assertThat(early.gapPassed(10_000, 0)).as("none yet").isTrue();
        assertThat(early.gapPassed(10_000, 60_000)).as("the clock went back a minute").isTrue();
    }

    @Test
    void aClockAheadByLessThanTheIntervalStillCountsAndNeverMeansNever() {
        assertThat(early.young(10_000, 10_050)).as("the gateway's clock 50 ms ahead").isTrue();
        assertThat(early.young(10_000, 10_500)).as("far ahead: not trusted").isFalse();
        assertThat(EarlyCommit.NEVER.enabled()).isFalse();
        assertThat(early.enabled()).isTrue();
    }

    @Test
    void aThreadChecksFiveTimesPerGap() {
        assertThat(early.check()).isEqualTo(Duration.ofMillis(5));
    }
}
