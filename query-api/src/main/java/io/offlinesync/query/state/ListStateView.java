package io.offlinesync.query.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.TodoList;
import io.offlinesync.schemas.ListAccessCodec;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code GET /v1/lists/{listId}} (PROTOCOL.md), built from a stored state or, for a
 * what-if, from a fold of the log; only the what-if carries {@code differsFromActual}. States of
 * projection v2 and later also carry {@code openCount}, {@code doneCount}, {@code stateHash} and per
 * item {@code addedAt}/{@code updatedAt} (server time, epoch ms); v1's leave them out. Every state carries
 * {@code members} (protocol v1.1: user id -> role name), empty for a list without members.
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

    public static ListStateView of(ListState state, String projection) {
        SourcePosition pos = state.getSource();
        TodoList list = ListStateCodec.fromAvro(state);
        boolean serverTimes = state.getStateHash() != null; // written by v2 and later only
        List<ItemView> items = list.visibleItems().stream().map(i -> item(i, serverTimes)).toList();
        return new ListStateView(list.listId(), list.title(), list.policy().wireName(), list.listVersion(),
                projection, pos == null ? null : new Source(pos.getTopic(), pos.getPartition(), pos.getOffset()),
                list.clientSeqs(), ListAccessCodec.roleNames(list.members()), items, state.getOpenCount(),
                state.getDoneCount(), state.getStateHash(), null);
    }

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
