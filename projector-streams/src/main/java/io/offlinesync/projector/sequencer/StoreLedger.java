package io.offlinesync.projector.sequencer;

import io.offlinesync.domain.ClientHistory;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.ListLedger;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.avro.ItemState;
import io.offlinesync.schemas.avro.SequencerClient;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One list's {@link ListLedger} on the sequencer's stores, keyed {@code listId/clientId} and {@code listId/itemId}
 * (ids cannot contain {@code /}). Writes are held until {@link #flush()}, once per batch: a batch of 500 events
 * of one client writes its record once.
 */
final class StoreLedger implements ListLedger {

    private final String listId;
    private final KeyValueStore<String, SequencerClient> clients;
    private final KeyValueStore<String, ItemState> items;
    private final Map<String, ClientHistory> dirtyClients = new HashMap<>();
    private final Map<String, Item> dirtyItems = new HashMap<>();

    StoreLedger(String listId, KeyValueStore<String, SequencerClient> clients, KeyValueStore<String, ItemState> items) {
        this.listId = listId;
        this.clients = clients;
        this.items = items;
    }

    @Override
    public ClientHistory client(String clientId) {
        ClientHistory dirty = dirtyClients.get(clientId);
        if (dirty != null) {
            return dirty;
        }
        SequencerClient stored = clients.get(key(clientId));
        return stored == null ? null
                : new ClientHistory(stored.getLastSeq(), longs(stored.getRecentEventIds()), stored.getUserId());
    }

    @Override
    public void putClient(String clientId, ClientHistory history) {
        dirtyClients.put(clientId, history);
    }

    @Override
    public Item item(String itemId) {
        Item dirty = dirtyItems.get(itemId);
        if (dirty != null) {
            return dirty;
        }
        ItemState stored = items.get(key(itemId));
        return stored == null ? null : ListStateCodec.fromAvro(stored);
    }

    @Override
    public void putItem(Item item) {
        dirtyItems.put(item.itemId(), item);
    }

    /** Writes what the batch changed. */
    void flush() {
        dirtyClients.forEach((clientId, history) -> clients.put(key(clientId),
                new SequencerClient(history.lastSeq(), bytes(history.rememberedIds()), history.userId())));
        dirtyItems.forEach((itemId, item) -> items.put(key(itemId), ListStateCodec.toAvro(item, true)));
        dirtyClients.clear();
        dirtyItems.clear();
    }

    private String key(String id) {
        return listId + "/" + id;
    }

    private static ByteBuffer bytes(long[] ids) {
        ByteBuffer buffer = ByteBuffer.allocate(ids.length * Long.BYTES);
        buffer.asLongBuffer().put(ids);
        return buffer;
    }

    private static long[] longs(ByteBuffer bytes) {
        long[] ids = new long[bytes.remaining() / Long.BYTES];
        bytes.duplicate().asLongBuffer().get(ids);
        return ids;
    }
}
