package io.offlinesync.domain;

import java.util.Comparator;

/** The last-writer-wins key of a write: (at.ms, at.n, clientId), compared in that order. */
public record Stamp(Hlc at, String clientId) implements Comparable<Stamp> {

    private static final Comparator<Stamp> ORDER =
            Comparator.comparing(Stamp::at).thenComparing(Stamp::clientId);

    @Override
    public int compareTo(Stamp other) {
        return ORDER.compare(this, other);
    }
}
