package io.offlinesync.client;

import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.StoredList;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.HybridClock;
import io.offlinesync.domain.TodoList;
import io.offlinesync.protocol.ClientEventRules;
import io.offlinesync.protocol.FieldError;
import io.offlinesync.protocol.ProtocolRules;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Queues the device's edits: each is made from the list's optimistic state, stamped with the device's clock and the
 * list's next clientSeq, and committed to the store as pending in one transaction, before the call returns. Then
 * {@code queued} is told (listeners, a watch's push). An edit the gateway would refuse for good (protocol v1's rules) is
 * not queued: it throws {@link InvalidEditException}, since a queued one would be refused on every push.
 */
final class EditQueue {

    private final LocalStore store;
    private final ListFolds folds;
    private final LongSupplier wallClock;
    private final Consumer<String> queued;

    EditQueue(LocalStore store, ListFolds folds, LongSupplier wallClock, Consumer<String> queued) {
        this.store = store;
        this.folds = folds;
        this.wallClock = wallClock;
        this.queued = queued;
    }

    /** Queues the edit {@code body} makes of the list as shown; {@code creating}: the list need not exist yet. */
    void queue(String listId, boolean creating, Function<TodoList, EventBody> body) {
        if (!ProtocolRules.isIdentifier(listId)) {
            throw new InvalidEditException(listId, List.of(new FieldError(null, "listId", ProtocolRules.ID_RULE)));
        }
        store.write(() -> {
            store.follow(listId);
            StoredList stored = store.list(listId).orElseThrow();
            TodoList list = folds.optimistic(listId, store.pending(listId));
            if (!creating && !list.created()) {
                throw new IllegalStateException("no list " + listId + " on this device; create or join it first");
            }
            EventBody made = body.apply(list);
            Hlc at = new HybridClock(wallClock, HybridClock.DEFAULT_MAX_SKEW_MS, store.clock()).now();
            ClientEvent event = new ClientEvent(UUID.randomUUID().toString(), stored.nextClientSeq(), at, made);
            List<FieldError> refused = ClientEventRules.check(event,
                    Clock.fixed(Instant.ofEpochMilli(wallClock.getAsLong()), ZoneOffset.UTC));
            if (!refused.isEmpty()) {
                throw new InvalidEditException(listId, refused); // the write is rolled back: nothing queued
            }
            store.addPending(listId, event, at);
            return null;
        });
        queued.accept(listId);
    }
}
