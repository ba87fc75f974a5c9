package io.offlinesync.bench;

import java.util.Arrays;

/** Collects durations in nanoseconds from many threads and answers percentiles in milliseconds. */
final class Latencies {

    private long[] nanos = new long[1 << 14];
    private int size;

    synchronized void add(long durationNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = durationNanos;
    }

    synchronized int count() {
        return size;
    }

    /** The p-th percentile (0 < p <= 100) in ms, nearest rank; NaN when empty. */
    synchronized double percentileMs(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    String summary() {
        return String.format("p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f samples=%d",
                percentileMs(50), percentileMs(99), percentileMs(99.9), count());
    }
}
