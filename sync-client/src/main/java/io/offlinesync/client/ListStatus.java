package io.offlinesync.client;

/**
 * Sync state of one followed list: {@code cursor} is the listVersion of the last log entry on the device,
 * {@code serverHead} the head the server last reported, {@code pending} the events not yet in the log,
 * {@code joinedAt} the listVersion of the server snapshot the device joined the list from (0: it has the
 * list's whole log).
 */
public record ListStatus(String listId, String title, long cursor, long serverHead, int pending, long joinedAt) {}
