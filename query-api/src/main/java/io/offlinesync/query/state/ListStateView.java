package io.offlinesync.query.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code GET /v1/lists/{listId}} (PROTOCOL.md), built from a stored state or, for a
 * what-if, from a fold of the log; only the what-if carries {@code differsFromActual}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListStateView(String listId, String title, String policy, long listVersion, String projection,
                            Source source, Map<String, Long> clientSeqs, List<ItemView> items,
                            List<String> differsFromActual) {

    public record Source(String topic, int partition, long offset) {}

    public record ItemView(String itemId, String title, boolean completed, Map<String, List<Object>> conflicts) {}

    public static ListStateView of(ListState state, String projection) {
        SourcePosition pos = state.getSource();
        return of(ListStateCodec.fromAvro(state), projection,
                pos == null ? null : new Source(pos.getTopic(), pos.getPartition(), pos.getOffset()), null);
    }

    public static ListStateView of(TodoList list, String projection, Source source, List<String> differsFromActual) {
        List<ItemView> items = list.visibleItems().stream().map(ListStateView::item).toList();
        return new ListStateView(list.listId(), list.title(), list.policy().wireName(), list.listVersion(),
                projection, source, list.clientSeqs(), items, differsFromActual);
    }

    private static ItemView item(Item item) {
        return new ItemView(item.itemId(), item.title().value(),
                !item.completed().isEmpty() && item.completed().value(), item.conflicts());
    }
}
