package io.offlinesync.schemas;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline for a serde call that may wait on the registry. The Apicurio client's HTTP requests have no timeout,
 * and one whose answer never comes holds its thread for good: seen in the end-to-end tests, a stream thread that
 * waited minutes on its first schema look-up until the registry shut down, and its partitions with it. Past the
 * deadline the waiting thread is interrupted (the client gives way to an interrupt) and the call is tried again,
 * a few times; then it fails with a {@link RegistryUnreachableException}, which is retriable: the record is not
 * at fault, so it must not be skipped.
 */
final class RegistryCallDeadline {

    private static final Logger log = LoggerFactory.getLogger(RegistryCallDeadline.class);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "registry-call-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final Duration deadline;
    private final int attempts;

    RegistryCallDeadline(Duration deadline, int attempts) {
        this.deadline = deadline;
        this.attempts = attempts;
    }

    <T> T call(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            Guard guard = new Guard(Thread.currentThread());
            ScheduledFuture<?> timer = TIMER.schedule(guard::fire, deadline.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!guard.fired()) {
                    throw e;
                }
                if (attempt >= attempts) {
                    throw new RegistryUnreachableException(what + ": no answer from the schema registry within "
                            + deadline.toMillis() + " ms, " + attempts + " times", e);
                }
                log.warn("{}: no answer from the schema registry within {} ms; asking again ({} of {})", what,
                        deadline.toMillis(), attempt + 1, attempts);
            } finally {
                timer.cancel(false);
                guard.done();
            }
        }
    }

    /** Interrupts its thread once, unless the call is done first; done() clears an interrupt it raised. */
    private static final class Guard {
        private final Thread thread;
        private boolean fired;
        private boolean done;

        Guard(Thread thread) {
            this.thread = thread;
        }

        synchronized void fire() {
            if (!done) {
                fired = true;
                thread.interrupt();
            }
        }

        synchronized boolean fired() {
            return fired;
        }

        synchronized void done() {
            done = true;
            if (fired) {
                Thread.interrupted();
            }
        }
    }

    /** The registry did not answer: retriable, the record is not at fault. */
    static final class RegistryUnreachableException extends RetriableException {
        RegistryUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
