package io.offlinesync.query.fence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits, up to {@code waitMs}, until a read of a store reaches a fence. Registers with a watch first and reads
 * afterwards, so a change between two reads is either seen by the second or wakes the wait; reads again when
 * woken, and every {@code recheck} anyway, because a copy that is not the running active store (a standby) changes
 * without telling any watch. No busy polling: between reads the caller's (virtual) thread is parked on the watch.
 */
public final class FenceWait {

    private FenceWait() {
    }

    /**
     * The first read that {@code reached} accepts, or the last one when {@code waitMs} is up (at once for 0).
     *
     * @param watch given the last read, a future the store's next change completes (one that failed means the
     *              service is shutting down: the wait then answers with what there is); cancelled once done with
     */
    public static <T> T until(Supplier<T> read, Predicate<T> reached, Function<T, CompletableFuture<?>> watch,
                              long waitMs, Duration recheck) throws InterruptedException {
        T seen = read.get();
        if (waitMs <= 0 || reached.test(seen)) {
            return seen;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        long recheckNanos = recheck.toNanos();
        while (true) {
            CompletableFuture<?> changed = watch.apply(seen);
            try {
                seen = read.get(); // after registering: a change since the last read is in it, or wakes us below
                if (reached.test(seen)) {
                    return seen;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return seen;
                }
                changed.get(Math.min(left, recheckNanos), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline >= 0) {
                    return read.get(); // time is up: the store as it is now
                }
                // nothing woke us: look again anyway (a standby copy moves silently)
            } catch (ExecutionException e) {
                return read.get(); // shutting down: answer now with what there is
            } finally {
                changed.cancel(false);
            }
        }
    }
}
