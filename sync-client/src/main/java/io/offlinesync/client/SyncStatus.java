package io.offlinesync.client;

import java.util.List;

/**
 * A profile's sync state: its lists, the last sync error (null after a good sync), its rejected events and the
 * events set aside because the gateway refused them for good.
 */
public record SyncStatus(String clientId, List<ListStatus> lists, String lastError, List<Rejection> rejections,
                         List<SetAside> setAside) {

    public SyncStatus {
        lists = List.copyOf(lists);
        rejections = List.copyOf(rejections);
        setAside = List.copyOf(setAside);
    }

    public int pending() {
        return lists.stream().mapToInt(ListStatus::pending).sum();
    }
}
