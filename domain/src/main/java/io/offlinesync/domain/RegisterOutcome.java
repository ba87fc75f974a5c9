package io.offlinesync.domain;

/**
 * The outcome of one register write of a history entry: the value written ({@link String} for
 * {@code title}, {@link Boolean} for {@code completed}), what became of it, and for {@link WriteOutcome#LOST}
 * the listVersion of the write whose value the register holds now.
 */
public record RegisterOutcome(Object value, WriteOutcome outcome, Long lostTo) {

    public static RegisterOutcome of(Object value, WriteOutcome outcome) {
        return new RegisterOutcome(value, outcome, null);
    }
}
