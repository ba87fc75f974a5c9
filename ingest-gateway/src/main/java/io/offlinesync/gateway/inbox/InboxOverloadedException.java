package io.offlinesync.gateway.inbox;

/**
 * The gateway sheds load: taking the batch would exceed its bound on batches waiting to be sent or on
 * bytes awaiting the broker's acknowledgement. Nothing was sent; the device retries later.
 */
public class InboxOverloadedException extends InboxUnavailableException {

    public InboxOverloadedException(String message, Throwable cause) {
        super(message, cause);
    }
}
