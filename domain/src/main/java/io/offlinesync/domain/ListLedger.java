package io.offlinesync.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * The facts the sequencer keeps of one list beside its head, one per client and one per item, so that sequencing
 * a batch reads and writes only what the batch touches, whatever the list's size. The sequencer keeps them in its
 * stores; tests and simulated servers keep them in memory.
 */
public interface ListLedger {

    /** The client's history on this list, or null if it never wrote it. */
    ClientHistory client(String clientId);

    void putClient(String clientId, ClientHistory history);

    /** The item as the list's fold holds it (tombstones included), or null if the list does not know it. */
    Item item(String itemId);

    void putItem(Item item);

    /** A ledger in memory. */
    static ListLedger inMemory() {
        return new InMemory();
    }

    /** A ledger in memory: every client's last consumed clientSeq and user can be listed. */
    final class InMemory implements ListLedger {
        private final Map<String, ClientHistory> clients = new HashMap<>();
        private final Map<String, Item> items = new HashMap<>();

        @Override
        public ClientHistory client(String clientId) {
            return clients.get(clientId);
        }

        @Override
        public void putClient(String clientId, ClientHistory history) {
            clients.put(clientId, history);
        }

        @Override
        public Item item(String itemId) {
            return items.get(itemId);
        }

        @Override
        public void putItem(Item item) {
            items.put(item.itemId(), item);
        }

        public Map<String, Long> clientSeqs() {
            Map<String, Long> seqs = new java.util.TreeMap<>();
            clients.forEach((id, history) -> seqs.put(id, history.lastSeq()));
            return seqs;
        }

        /** clientId -> the user it belongs to, for every client that belongs to one. */
        public Map<String, String> clientUsers() {
            Map<String, String> users = new java.util.TreeMap<>();
            clients.forEach((id, history) -> {
                if (history.userId() != null) {
                    users.put(id, history.userId());
                }
            });
            return users;
        }
    }
}
