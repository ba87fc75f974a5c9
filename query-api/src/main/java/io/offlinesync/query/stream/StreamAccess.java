package io.offlinesync.query.stream;

/** Whether a stream's caller may read a list, asked again as the list moves. */
public interface StreamAccess {

    /** The membership view's answer now (operators read every list). */
    boolean mayRead(String listId);

    /**
     * Whether {@code entryJson} (an entry as catch-up serves it) removes the caller from its list: the stream
     * stops the list before it, as every read answers 404 from the removal on.
     */
    boolean removesCaller(byte[] entryJson);
}
