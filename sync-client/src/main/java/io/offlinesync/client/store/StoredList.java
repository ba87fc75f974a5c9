package io.offlinesync.client.store;

/**
 * A list this profile follows, as the store keeps it: {@code cursor} is the listVersion of the last log
 * entry it has, {@code serverHead} the head the server last reported, {@code nextClientSeq} the clientSeq
 * of this device's next event on the list, {@code snapshotVersion} the listVersion of the server snapshot
 * it joined from (its fold starts there and the stored log holds only later entries; 0: the whole log),
 * {@code serverClientSeq} the last clientSeq of this device the server consumed, as the pulled log shows it.
 */
public record StoredList(String listId, long cursor, long serverHead, long nextClientSeq, long snapshotVersion,
                         long serverClientSeq) {}
