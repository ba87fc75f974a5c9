package io.offlinesync.query.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.ListAccessCodec;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of a what-if ({@code GET /v1/lists/{listId}?policy=...}): a fold of the log under another policy,
 * shaped as projection v1's state plus {@code differsFromActual}. Stored states are rendered by their projection
 * ({@link ServedState}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListStateView(String listId, String title, String policy, long listVersion, String projection,
                            Source source, Map<String, Long> clientSeqs, Map<String, String> members,
                            List<ItemView> items,
                            Long openCount, Long doneCount, String stateHash,
                            List<String> differsFromActual) {

    public record Source(String topic, int partition, long offset) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemView(String itemId, String title, boolean completed, Map<String, List<Object>> conflicts,
                           Long addedAt, Long updatedAt) {}

    public static ListStateView of(TodoList list, String projection, Source source, List<String> differsFromActual) {
        List<ItemView> items = list.visibleItems().stream().map(i -> item(i, false)).toList();
        return new ListStateView(list.listId(), list.title(), list.policy().wireName(), list.listVersion(),
                projection, source, list.clientSeqs(), ListAccessCodec.roleNames(list.members()), items, null, null, null,
                differsFromActual);
    }

    private static ItemView item(Item item, boolean serverTimes) {
        return new ItemView(item.itemId(), item.title().value(), item.done(), item.conflicts(),
                serverTimes ? item.addedAtMs() : null, serverTimes ? item.updatedAtMs() : null);
    }
}
