package io.offlinesync.projector.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.projector.retention.InboxRetentionRule.Backlog;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboxRetentionRuleTest {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void theRatioIsTheOldestUnconsumedBatchsAgeOverRetention() {
        assertThat(InboxRetentionRule.usedRatio(7 * DAY, NOW, Backlog.oldest(NOW - 7 * DAY / 2))).isEqualTo(0.5);
        assertThat(InboxRetentionRule.usedRatio(7 * DAY, NOW, Backlog.oldest(NOW - DAY))).isEqualTo(1.0 / 7);
    }

    @Test
    void nothingWaitingOrUnlimitedRetentionUsesNothing() {
        assertThat(InboxRetentionRule.usedRatio(7 * DAY, NOW, Backlog.none())).isZero();
        assertThat(InboxRetentionRule.usedRatio(-1, NOW, Backlog.oldest(NOW - 365 * DAY))).isZero();
        // a timestamp from a device clock ahead of the server's is not a negative age
        assertThat(InboxRetentionRule.usedRatio(7 * DAY, NOW, Backlog.oldest(NOW + DAY))).isZero();
    }

    @Test
    void batchesAlreadyDeletedCountAsAllOfRetention() {
        assertThat(InboxRetentionRule.usedRatio(7 * DAY, NOW, Backlog.lost())).isEqualTo(1.0);
        assertThat(InboxRetentionRule.usedRatio(-1, NOW, Backlog.lost())).isEqualTo(1.0);
    }

    @Test
    void theWorstPartitionCountsAndTheAlarmStartsAtTheThreshold() {
        double ratio = InboxRetentionRule.usedRatio(10 * DAY, NOW, Map.of(0, Backlog.none(),
                1, Backlog.oldest(NOW - 6 * DAY), 2, Backlog.oldest(NOW - 2 * DAY)));
        assertThat(ratio).isEqualTo(0.6);
        assertThat(InboxRetentionRule.alarming(ratio, 0.5)).isTrue();
        assertThat(InboxRetentionRule.alarming(0.49, 0.5)).isFalse();
        assertThat(InboxRetentionRule.usedRatio(10 * DAY, NOW, Map.of())).isZero();
    }
}
