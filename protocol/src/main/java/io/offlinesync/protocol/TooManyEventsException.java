package io.offlinesync.protocol;

/** A batch holds more events than one request may carry. */
public class TooManyEventsException extends RuntimeException {

    public TooManyEventsException(int count, int max) {
        super("the batch holds " + count + " events; at most " + max + " are accepted per request");
    }
}
