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
 * {@code minGap} on each stream thread ({@link EarlyCommits}). Working through a backlog, its records are older and the
 * interval decides alone; a sequencer that early commits slow down falls behind a little, its records age past the
 * interval, and it stops. Clocks of other hosts: a record up to an interval "in the future" (the gateway's clock ahead)
 * counts as young, and the gap bounds the commits (40 a second); further ahead or behind by an interval, no record
 * looks young and the interval commits alone, as before.
 *
 * @param interval the sequencer's commit interval
 * @param minGap   the least time between two early commits of a stream thread
 */
record EarlyCommit(Duration interval, Duration minGap) {

    /**
     * At most one early commit every 25 ms per stream thread. Each commit is a transaction whose markers go to every
     * partition it wrote (the log's, the stores' changelogs, the offsets). With the gap kept per task and the Streams
     * producers' 100 ms retry backoff, 40 a second made push-to-visible worse (BENCHMARKS.md, "Issue 15, second part");
     * kept per thread, with a 10 ms backoff, 25 ms halved the p50 of a 50 ms gap (14 against 29 ms) and cut its p99
     * (38-47 against 65-70 ms, on the same stacks) at 5,000 events/s ("Issue 15, twelfth part").
     */
    static final Duration DEFAULT_GAP = Duration.ofMillis(25);

    /** Early commits within {@code interval}, at most one per {@link #DEFAULT_GAP} on each stream thread. */
    static EarlyCommit within(Duration interval) {
        return new EarlyCommit(interval, DEFAULT_GAP);
    }

    /** Never early: the interval alone. */
    static final EarlyCommit NEVER = new EarlyCommit(Duration.ZERO, Duration.ZERO);

    /** Whether a record written at {@code recordMs} is young: nothing older is waiting behind it. */
    boolean young(long nowMs, long recordMs) {
        return Math.abs(nowMs - recordMs) < interval.toMillis();
    }

    /**
     * Whether the last early commit, at {@code lastEarlyMs} (or 0), was at least the gap ago; also when the clock went
     * back since (a stepped clock must not stop early commits until it has caught up).
     */
    boolean gapPassed(long nowMs, long lastEarlyMs) {
        return nowMs - lastEarlyMs >= minGap.toMillis() || nowMs < lastEarlyMs;
    }

    /** Whether this rule ever commits early ({@link #NEVER} does not). */
    boolean enabled() {
        return interval.isPositive();
    }

    /**
     * How often a thread checks whether a young record that came within the gap may be committed now: a fifth of the
     * gap (5 ms), so such a record waits at most that long past the gap, for a check per task that costs nothing.
     */
    Duration check() {
        return Duration.ofMillis(Math.max(1, minGap.toMillis() / 5));
    }
}
