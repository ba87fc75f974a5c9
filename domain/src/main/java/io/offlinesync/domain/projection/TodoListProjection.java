package io.offlinesync.domain.projection;

import io.offlinesync.domain.Item;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.StateDigest;
import io.offlinesync.domain.TodoList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's own derivation, the domain fold ({@link TodoList}) with its conflict policies, in two versions
 * that differ only in what they show: v1 is the original view; v2 adds open/done counts, per-item server times
 * ({@code addedAt}, {@code updatedAt}) and the state digest ({@code stateHash}, what devices compare their own fold
 * with).
 */
public final class TodoListProjection implements Projection<TodoList> {

    public static final TodoListProjection V1 = new TodoListProjection(1, false);
    public static final TodoListProjection V2 = new TodoListProjection(2, true);

    private final int version;
    private final boolean counted;

    private TodoListProjection(int version, boolean counted) {
        this.version = version;
        this.counted = counted;
    }

    @Override
    public String id() {
        return "todo-list";
    }

    @Override
    public int version() {
        return version;
    }

    @Override
    public TodoList initial(String listId) {
        return new TodoList(listId);
    }

    @Override
    public TodoList apply(TodoList state, LogEntry entry) {
        state.apply(entry);
        return state;
    }

    @Override
    public TodoList copy(TodoList state) {
        return TodoList.restore(state.listId(), state.created(), state.title(), state.titleStamp(), state.policy(),
                state.listVersion(), state.foldedEntries(), state.clientSeqs(), state.allItems(), state.members());
    }

    @Override
    public long listVersion(TodoList state) {
        return state.listVersion();
    }

    @Override
    public ListFacts facts(TodoList state) {
        return new ListFacts(state.listId(), state.created(), state.title(), state.listVersion(), state.clientSeqs());
    }

    @Override
    public Map<String, Object> view(TodoList state) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", state.title() == null ? "" : state.title());
        view.put("policy", state.policy().wireName());
        view.put("members", roleNames(state.members()));
        List<Map<String, Object>> items = new ArrayList<>();
        long done = 0;
        for (Item item : state.visibleItems()) {
            items.add(item(item, counted));
            done += item.done() ? 1 : 0;
        }
        view.put("items", items);
        if (counted) {
            view.put("openCount", items.size() - done);
            view.put("doneCount", done);
            view.put("stateHash", StateDigest.of(state));
        }
        return view;
    }

    /** One visible item as every version shows it; {@code serverTimes} adds v2's {@code addedAt}/{@code updatedAt}. */
    public static Map<String, Object> item(Item item, boolean serverTimes) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("itemId", item.itemId());
        view.put("title", item.title().value());
        view.put("completed", item.done());
        view.put("conflicts", item.conflicts());
        if (serverTimes) {
            view.put("addedAt", item.addedAtMs());
            view.put("updatedAt", item.updatedAtMs());
        }
        return view;
    }

    /** user id -> role wire name, by user id: the {@code members} every view of the domain fold shows. */
    public static Map<String, String> roleNames(Map<String, Role> members) {
        Map<String, String> names = new TreeMap<>();
        members.forEach((user, role) -> names.put(user, role.wireName()));
        return names;
    }

    @Override
    public long weight(TodoList state) {
        return 1L + state.allItems().size();
    }

    @Override
    public String toString() {
        return name() + " (" + id() + ")";
    }
}
