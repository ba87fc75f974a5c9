package io.offlinesync.client;

import java.util.List;

/** A profile's sync state: its lists, the last sync error (null after a good sync) and its rejected events. */
public record SyncStatus(String clientId, List<ListStatus> lists, String lastError, List<Rejection> rejections) {

    public SyncStatus {
        lists = List.copyOf(lists);
        rejections = List.copyOf(rejections);
    }

    public int pending() {
        return lists.stream().mapToInt(ListStatus::pending).sum();
    }
}
