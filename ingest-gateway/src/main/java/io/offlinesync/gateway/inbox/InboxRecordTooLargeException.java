package io.offlinesync.gateway.inbox;

/** The broker refuses a record this large: the device must send the events in smaller batches. */
public class InboxRecordTooLargeException extends RuntimeException {

    public InboxRecordTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
