package io.offlinesync.gateway.inbox;

import java.time.Duration;

/**
 * What the inbox sender thread is doing: since when it has been inside one {@code send()} (0 when idle).
 * A send normally takes microseconds; only a metadata wait (bounded by max.block.ms) or the registry
 * client, which has no timeout, can hold it. {@link #interruptIfBusyLongerThan} frees a thread stuck in
 * the latter; it and {@link #end()} exclude each other, so an interrupt never reaches the next send.
 */
final class SenderActivity {

    private Thread thread;
    private long since;
    /** Whether the current send was interrupted already: a stuck send is reported once. */
    private boolean interrupted;

    synchronized void begin() {
        thread = Thread.currentThread();
        since = System.nanoTime();
        interrupted = false;
    }

    synchronized void end() {
        since = 0;
        Thread.interrupted(); // an interrupt that came as the send returned is not for the next one
    }

    /** How long the current send has taken so far; zero when the sender is idle. */
    synchronized Duration busyFor() {
        return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    /**
     * Interrupts the sender if its current send has taken longer than {@code limit} (again at each call, in case the
     * send swallowed an interrupt); true only the first time for this send, so a send slow to give way (a busy
     * machine) is one stall, not one per check.
     */
    synchronized boolean interruptIfBusyLongerThan(Duration limit) {
        if (since == 0 || System.nanoTime() - since <= limit.toNanos()) {
            return false;
        }
        thread.interrupt();
        boolean first = !interrupted;
        interrupted = true;
        return first;
    }
}
