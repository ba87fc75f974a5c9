package io.offlinesync.domain;

/** A hybrid logical clock reading: wall-clock milliseconds plus a counter for events in the same ms. */
public record Hlc(long ms, long n) implements Comparable<Hlc> {

    public Hlc {
        if (ms < 0 || n < 0) {
            throw new IllegalArgumentException("Hlc fields must be >= 0: ms=" + ms + " n=" + n);
        }
    }

    @Override
    public int compareTo(Hlc other) {
        int byMs = Long.compare(ms, other.ms);
        return byMs != 0 ? byMs : Long.compare(n, other.n);
    }
}
