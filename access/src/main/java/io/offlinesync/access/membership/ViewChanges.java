package io.offlinesync.access.membership;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Lets a reader wait for a view to change instead of looking again and again: the view signals every change. A
 * lock and condition rather than a monitor, so that a waiting virtual thread (a long-poll) never pins its carrier.
 */
final class ViewChanges {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code condition} holds or {@code deadlineNanos} (System.nanoTime) passes; whether it holds. */
    boolean await(BooleanSupplier condition, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
