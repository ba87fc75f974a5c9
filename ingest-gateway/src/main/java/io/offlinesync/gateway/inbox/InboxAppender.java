package io.offlinesync.gateway.inbox;

/**
 * Appends one validated batch to {@code todo.inbox} as one record and returns once the broker has
 * acknowledged it (acks=all). A batch is all or nothing because it is a single record.
 */
public interface InboxAppender {

    /**
     * @return where the record landed
     * @throws InboxUnavailableException the acknowledgement did not come in time or the send failed:
     *                                   nothing may be assumed written (nor assumed not written)
     * @throws InboxRecordTooLargeException the broker refuses a record this large
     */
    InboxPosition append(InboxSubmission submission);
}
