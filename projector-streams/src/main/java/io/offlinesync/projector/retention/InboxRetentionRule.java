package io.offlinesync.projector.retention;

import java.util.Map;
import java.util.OptionalLong;

/**
 * How much of todo.inbox's retention the sequencer's backlog has used: the age of the oldest batch it has not
 * consumed, over {@code retention.ms}. At 1 the broker may delete batches that were answered 202 but never
 * sequenced; the guard warns at a fraction of that (default 0.5), while there is still time to act.
 */
public final class InboxRetentionRule {

    private InboxRetentionRule() {
    }

    /** One partition's backlog: nothing waiting, the timestamp of its oldest record, or already deleted. */
    public record Backlog(OptionalLong oldestTimestamp, boolean deleted) {

        public static Backlog none() {
            return new Backlog(OptionalLong.empty(), false);
        }

        public static Backlog oldest(long timestamp) {
            return new Backlog(OptionalLong.of(timestamp), false);
        }

        /** The group's committed offset is below the log start: retention has deleted unsequenced batches. */
        public static Backlog lost() {
            return new Backlog(OptionalLong.empty(), true);
        }
    }

    /**
     * The used ratio of one partition: 0 with nothing waiting or unlimited retention ({@code retention.ms}
     * -1), at least 1 when records were already deleted.
     */
    public static double usedRatio(long retentionMs, long nowMs, Backlog backlog) {
        if (backlog.deleted()) {
            return 1.0;
        }
        if (retentionMs <= 0 || backlog.oldestTimestamp().isEmpty()) {
            return 0.0;
        }
        long age = Math.max(0, nowMs - backlog.oldestTimestamp().getAsLong());
        return (double) age / retentionMs;
    }

    /** The worst partition's ratio. */
    public static double usedRatio(long retentionMs, long nowMs, Map<Integer, Backlog> backlogs) {
        return backlogs.values().stream().mapToDouble(b -> usedRatio(retentionMs, nowMs, b)).max().orElse(0.0);
    }

    public static boolean alarming(double ratio, double warnAt) {
        return ratio >= warnAt;
    }
}
