package io.offlinesync.client;

import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.http.ServerUnreachableException;
import java.time.Duration;

/**
 * A daemon thread of the watch (its live stream, its long-polls, its pushes) that runs a loop until stopped, and
 * pauses with backoff after failures.
 */
abstract class WatchThread {

    private final Thread thread;
    private final RetryPolicy backoff;
    protected volatile boolean running = true;

    WatchThread(String name, RetryPolicy backoff) {
        this.backoff = backoff;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    /** The loop; it returns when {@link #running} turns false or the thread is interrupted. */
    protected abstract void run();

    /** One round of a loop of rounds: false ends the loop (its work is done). */
    @FunctionalInterface
    protected interface Round {
        boolean run() throws InterruptedException, ServerUnreachableException, NotSignedInException;
    }

    /**
     * Runs rounds until stopped. A server out of reach or a lapsed sign-in is recorded and the next round comes after
     * {@link #afterFailure}; so is any other failure, named by {@code what}, unless the thread is stopping (the store
     * was closed under it).
     */
    protected final void rounds(SyncRounds sync, String what, Round round) {
        int failures = 0;
        while (running) {
            try {
                if (!round.run()) {
                    return;
                }
                failures = 0;
            } catch (ServerUnreachableException | NotSignedInException e) {
                sync.recordError(e.getMessage());
                if (!afterFailure(++failures)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                sync.recordError(what + ": " + e);
                if (!afterFailure(++failures)) {
                    return;
                }
            }
        }
    }

    /** What follows a failed round: the backoff; false when interrupted (stopping). */
    protected boolean afterFailure(int failures) {
        return pause(failures);
    }

    void start() {
        thread.start();
    }

    /** Sleeps the backoff after {@code failures} failures in a row; false when interrupted (stopping). */
    protected boolean pause(int failures) {
        try {
            Thread.sleep(backoff.delay(Math.min(failures, 6), null).plus(Duration.ofMillis(100)));
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    /** Waits (at most 10 s) for the loop to end; at once when called from the loop itself. */
    void join() {
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
