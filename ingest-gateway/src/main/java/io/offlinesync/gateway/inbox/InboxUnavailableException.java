package io.offlinesync.gateway.inbox;

/** The event log did not acknowledge a batch in time, or refused it for a reason the device cannot fix. */
public class InboxUnavailableException extends RuntimeException {

    public InboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
