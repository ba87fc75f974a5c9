package io.offlinesync.domain;

import static io.offlinesync.domain.TestEvents.clock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VClockTest {

    @Test
    void comparesByEveryEntryTreatingMissingAsZero() {
        assertThat(clock("a", 1).compare(clock("a", 2))).isEqualTo(VClock.Order.BEFORE);
        assertThat(clock("a", 2, "b", 1).compare(clock("a", 2))).isEqualTo(VClock.Order.AFTER);
        assertThat(clock("a", 1).compare(clock("b", 1))).isEqualTo(VClock.Order.CONCURRENT);
        assertThat(clock("a", 1, "b", 0).compare(clock("a", 1))).isEqualTo(VClock.Order.EQUAL);
    }

    @Test
    void mergeTakesTheMaximumAndTickIncrementsOneEntry() {
        VClock merged = clock("a", 3, "b", 1).merge(clock("b", 4, "c", 2));
        assertThat(merged.entries()).containsEntry("a", 3L).containsEntry("b", 4L).containsEntry("c", 2L);
        assertThat(merged.tick("a").get("a")).isEqualTo(4);
        assertThat(merged.tick("z").get("z")).isEqualTo(1);
    }
}
