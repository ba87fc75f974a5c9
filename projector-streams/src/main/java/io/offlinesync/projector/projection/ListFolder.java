package io.offlinesync.projector.projection;

import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import java.util.function.BiFunction;

/**
 * Folds one log entry into a list's stored state with the domain's derivation ({@link TodoList}), then
 * renders the result the way the projection version stores it.
 */
final class ListFolder {

    private ListFolder() {
    }

    static ListState fold(String listId, PositionedEntry tagged, ListState current,
                          BiFunction<TodoList, SourcePosition, ListState> render) {
        if (tagged == null || tagged.entry() == null) {
            return current;
        }
        TodoList list = current == null ? new TodoList(listId) : ListStateCodec.fromAvro(current);
        if (!list.apply(EventCodec.fromAvro(tagged.entry()))) {
            return current; // already folded: a replayed entry must not change the state
        }
        return render.apply(list, tagged.position());
    }
}
