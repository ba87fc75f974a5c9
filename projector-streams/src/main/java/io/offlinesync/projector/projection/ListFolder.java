package io.offlinesync.projector.projection;

import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.avro.ListState;

/** Folds one log entry into a list's stored state with the domain's v1 derivation ({@link TodoList}). */
final class ListFolder {

    private ListFolder() {
    }

    static ListState fold(String listId, PositionedEntry tagged, ListState current) {
        if (tagged == null || tagged.entry() == null) {
            return current;
        }
        TodoList list = current == null ? new TodoList(listId) : ListStateCodec.fromAvro(current);
        if (!list.apply(EventCodec.fromAvro(tagged.entry()))) {
            return current; // already folded: a replayed entry must not change the state
        }
        return ListStateCodec.toAvro(list, tagged.position());
    }
}
