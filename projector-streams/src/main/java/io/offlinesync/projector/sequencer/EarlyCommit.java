package io.offlinesync.projector.sequencer;

import java.time.Duration;

/**
 * When the sequencer asks Kafka Streams to commit now rather than at its commit interval.
 *
 * <p>Why: an accepted event becomes readable (catch-up, long-polls, streams) only when the sequencer's transaction
 * commits, so the commit interval is the floor of push-to-visible latency: 100 ms gave a p50 of 85 ms. Committing more
 * often costs a transaction each time, which a loaded sequencer cannot spare (25 and 50 ms intervals cost it 10% of its
 * throughput). So the sequencer commits early only while it keeps up: after an inbox record younger than the interval
 * (written by the gateway less than an interval ago, so nothing older is waiting behind it), and at most once per
 * {@code minGap}. Working through a backlog, its records are older and the interval decides alone; a sequencer that
 * early commits slow down falls behind a little, its records age past the interval, and it stops. Clocks of other
 * hosts: a record up to an interval "in the future" (the gateway's clock ahead) counts as young, and the gap bounds
 * the commits (20 a second); further ahead or behind by an interval, no record looks young and the interval
 * commits alone, as before.
 *
 * @param interval the sequencer's commit interval
 * @param minGap   the least time between two early commits
 */
record EarlyCommit(Duration interval, Duration minGap) {

    /**
     * Early commits at most every 50 ms: each commit is a transaction whose markers go to every partition it wrote
     * (the log's, the stores' changelogs, the offsets), and 40 a second (a 25 ms gap) made push-to-visible worse at
     * 5,000 events/s on two cores (BENCHMARKS.md, "Issue 15, second part").
     */
    static EarlyCommit within(Duration interval) {
        return new EarlyCommit(interval, Duration.ofMillis(50));
    }

    /** Never early: the interval alone. */
    static final EarlyCommit NEVER = new EarlyCommit(Duration.ZERO, Duration.ZERO);

    /**
     * @param nowMs          wall-clock time
     * @param recordMs       the inbox record's timestamp (the gateway's time of writing it)
     * @param lastEarlyMs    when the last early commit was asked for (or 0)
     * @return whether to ask for a commit after this record
     */
    boolean now(long nowMs, long recordMs, long lastEarlyMs) {
        long age = nowMs - recordMs;
        return Math.abs(age) < interval.toMillis() && nowMs - lastEarlyMs >= minGap.toMillis();
    }
}
