package io.offlinesync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The paced load of the visible benchmarks: one writer per list pushes one batch a second, the lists spread evenly
 * over each second, from 100 ms after the start until warm-up plus duration. A batch that is not accepted is sent
 * again the next second with the same clientSeqs (as a device would).
 */
final class PacedPushes {

    /** Pushes {@code count} events of list {@code list} from {@code fromSeq}; the System.nanoTime() of its 202, or 0. */
    interface Push {
        long push(int list, long fromSeq, int count) throws Exception;
    }

    /** A batch was accepted at {@code acceptedNanos}; {@code measured} when that was after the warm-up. */
    interface Accepted {
        void accepted(int list, long lastSeq, long acceptedNanos, boolean measured);
    }

    final AtomicLong pushed = new AtomicLong();
    /** rounds that started more than 0.5 s behind their time: the gateway could not keep the pace */
    final AtomicLong late = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    /** Runs the writers until the end and returns; seqs start at {@code firstSeq}. */
    void run(int lists, int batch, long firstSeq, Duration warmup, Duration duration, Push push, Accepted onAccepted)
            throws InterruptedException {
        long start = System.nanoTime() + 100_000_000L;
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Thread> writers = new ArrayList<>();
        for (int l = 0; l < lists; l++) {
            int list = l;
            long offset = 1_000_000_000L * l / lists;
            writers.add(Thread.ofVirtual().start(() -> {
                long seq = firstSeq;
                for (long due = start + offset; due < end; due += 1_000_000_000L) {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else if (wait < -500_000_000L) {
                        late.incrementAndGet();
                    }
                    try {
                        long at = push.push(list, seq, batch);
                        if (at == 0) {
                            failures.incrementAndGet();
                            continue;
                        }
                        long last = seq + batch - 1;
                        seq = last + 1;
                        pushed.addAndGet(batch);
                        onAccepted.accepted(list, last, at, at >= measureFrom);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : writers) {
            t.join();
        }
    }
}
