package io.offlinesync.protocol;

/** A message that does not follow PROTOCOL.md: not JSON, a field missing or of the wrong type. */
public final class MalformedMessageException extends IllegalArgumentException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
