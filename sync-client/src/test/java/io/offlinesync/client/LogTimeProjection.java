package io.offlinesync.client;

import io.offlinesync.domain.Item;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.projection.ListFacts;
import io.offlinesync.domain.projection.Projection;
import io.offlinesync.domain.projection.TodoListProjection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A derivation of the tests' own with a state v1 cannot express and that is not the domain fold, so it cannot start
 * from a server snapshot: the todo-list fold plus the log's time (the greatest serverMs folded, rejected entries
 * included) and how many entries were folded.
 */
final class LogTimeProjection implements Projection<LogTimeProjection.State> {

    static final LogTimeProjection V3 = new LogTimeProjection();

    static final class State {
        final TodoList list;
        long logTime;
        long entries;

        State(TodoList list, long logTime, long entries) {
            this.list = list;
            this.logTime = logTime;
            this.entries = entries;
        }
    }

    private LogTimeProjection() {
    }

    @Override
    public String id() {
        return "todo-logtime";
    }

    @Override
    public int version() {
        return 3;
    }

    @Override
    public State initial(String listId) {
        return new State(new TodoList(listId), 0, 0);
    }

    @Override
    public State apply(State state, LogEntry entry) {
        state.list.apply(entry);
        state.logTime = Math.max(state.logTime, entry.serverMs());
        state.entries++;
        return state;
    }

    @Override
    public State copy(State state) {
        return new State(TodoListProjection.V1.copy(state.list), state.logTime, state.entries);
    }

    @Override
    public long listVersion(State state) {
        return state.list.listVersion();
    }

    @Override
    public ListFacts facts(State state) {
        return TodoListProjection.V1.facts(state.list);
    }

    @Override
    public Map<String, Object> view(State state) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", state.list.title() == null ? "" : state.list.title());
        view.put("items", state.list.visibleItems().stream().map(Item::itemId).toList());
        view.put("logTime", state.logTime);
        view.put("entries", state.entries);
        return view;
    }

    /** The list's log folded from scratch: what every derivation must equal. */
    static State fresh(String listId, Iterable<LogEntry> log) {
        State state = V3.initial(listId);
        for (LogEntry entry : log) {
            state = V3.apply(state, entry);
        }
        return state;
    }
}
