package io.offlinesync.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A register of an item (title or completed): the writes that currently stand. Under {@code lww} and
 * {@code counter} that is one winner; under {@code vector} it is every write no other write dominates
 * (the conflict siblings). Immutable; writing returns a new register.
 */
public record Register<T>(List<Write<T>> writes) {

    private static final Comparator<Write<?>> BY_STAMP = Comparator.comparing(Write::stamp);

    public Register {
        writes = List.copyOf(writes);
    }

    public static <T> Register<T> empty() {
        return new Register<>(List.of());
    }

    public boolean isEmpty() {
        return writes.isEmpty();
    }

    /** The write whose value is shown: the only one, or among siblings the one of greatest stamp. */
    public Write<T> visible() {
        return writes.stream().max(BY_STAMP).orElseThrow();
    }

    public T value() {
        return visible().value();
    }

    /** The distinct values of the standing writes, in stamp order; two or more means a conflict. */
    public List<T> distinctValues() {
        Set<T> values = new LinkedHashSet<>();
        writes.stream().sorted(BY_STAMP).forEach(w -> values.add(w.value()));
        return List.copyOf(values);
    }

    public boolean inConflict() {
        return distinctValues().size() > 1;
    }

    /** The register after {@code write} under {@code policy}. */
    public Register<T> write(Policy policy, Write<T> write) {
        if (writes.isEmpty()) {
            return new Register<>(List.of(write));
        }
        return switch (policy) {
            case LWW -> write.stamp().compareTo(visible().stamp()) > 0 ? new Register<>(List.of(write)) : this;
            case COUNTER -> beatsByCount(write, visible()) ? new Register<>(List.of(write)) : this;
            case VECTOR -> writeConcurrent(write);
        };
    }

    private static boolean beatsByCount(Write<?> challenger, Write<?> holder) {
        int byCount = Long.compare(challenger.count(), holder.count());
        return byCount != 0 ? byCount > 0 : challenger.stamp().compareTo(holder.stamp()) > 0;
    }

    /**
     * Keeps the maximal writes of the causal order. Equal clocks (a device that reused a clock) are
     * ordered by stamp so the result does not depend on arrival order.
     */
    private Register<T> writeConcurrent(Write<T> write) {
        for (Write<T> standing : writes) {
            if (causallyAfter(standing, write)) {
                return this;
            }
        }
        List<Write<T>> next = new ArrayList<>(writes.size() + 1);
        for (Write<T> standing : writes) {
            if (!causallyAfter(write, standing)) {
                next.add(standing);
            }
        }
        next.add(write);
        return new Register<>(next);
    }

    /** Whether {@code a} supersedes {@code b}. */
    static boolean causallyAfter(Write<?> a, Write<?> b) {
        return switch (a.vclock().compare(b.vclock())) {
            case AFTER -> true;
            case EQUAL -> a.stamp().compareTo(b.stamp()) > 0;
            case BEFORE, CONCURRENT -> false;
        };
    }
}
