package io.offlinesync.streams;

import java.time.Clock;
import java.time.InstantSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * When a failed stream thread is replaced and when the client stops instead.
 *
 * <p>Why replacing is safe: a replaced thread starts from the last committed offsets, and under exactly-once
 * the failed thread's open transaction is aborted, so nothing it did is lost or doubled. Why replace at all:
 * most failures that reach the thread's handler are passing ones (the broker restarted, a send timed out, a
 * dead letter could not be written while the broker was away), and a client that stops on them stays stopped
 * until an orchestrator restarts the whole process; a projection of the local stack or a test would never
 * move again. Why a budget: a failure that comes back every time (a bug, a record that cannot be processed and
 * cannot be dead-lettered) would otherwise loop; past {@code budget} failures within {@code window} the
 * client stops, and liveness reports it.
 */
public final class ThreadReplacements {

    private final int budget;
    private final Duration window;
    private final Duration backoff;
    private final InstantSource clock;
    /** When the failures within the window happened, oldest first. */
    private final Deque<Instant> recent = new ArrayDeque<>();

    /** Five replacements in ten minutes, one second more of wait before each. */
    public static ThreadReplacements defaults() {
        return new ThreadReplacements(5, Duration.ofMinutes(10), Duration.ofSeconds(1), Clock.systemUTC());
    }

    /** No replacement: the first failure stops the client. */
    public static ThreadReplacements none() {
        return new ThreadReplacements(0, Duration.ofMinutes(10), Duration.ZERO, Clock.systemUTC());
    }

    /**
     * @param budget  failures within {@code window} answered with a new thread; the next one stops the client
     * @param window  how far back failures count
     * @param backoff wait before the n-th replacement within the window: n times this (the broker needs a moment)
     */
    public ThreadReplacements(int budget, Duration window, Duration backoff, InstantSource clock) {
        if (budget < 0) {
            throw new IllegalArgumentException("budget must be >= 0, was " + budget);
        }
        this.budget = budget;
        this.window = window;
        this.backoff = backoff;
        this.clock = clock;
    }

    public int budget() {
        return budget;
    }

    /**
     * Counts a failure now; how long to wait before a new thread, or empty when the budget is spent and the
     * client must stop.
     */
    public synchronized Optional<Duration> next() {
        Instant now = clock.instant();
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(window))) {
            recent.removeFirst();
        }
        if (recent.size() >= budget) {
            return Optional.empty();
        }
        recent.addLast(now);
        return Optional.of(backoff.multipliedBy(recent.size()));
    }
}
