package io.offlinesync.streams.deadletters;

/** A dead letter could not be written: its handler answers FAIL, so the record is not skipped silently. */
public final class DeadLetterWriteException extends RuntimeException {

    public DeadLetterWriteException(DeadLetter letter, Throwable cause) {
        super("could not write the dead letter of " + letter.origin() + ": " + cause, cause);
    }
}
