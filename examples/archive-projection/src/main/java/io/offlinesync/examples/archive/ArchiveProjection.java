package io.offlinesync.examples.archive;

import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.projection.ListFacts;
import io.offlinesync.domain.projection.Projection;
import io.offlinesync.domain.projection.TodoListProjection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projection v3, {@code todo-archive}: the platform's fold, with done items moved to an {@code archived} section
 * once they have been done for {@link #ARCHIVE_AFTER_MS 7 days} of log time. Log time is the greatest
 * {@code serverMs} folded, not the wall clock: the fold stays pure (a replay and every device agree), and a list
 * nobody writes to keeps its view.
 *
 * <p>The rule, per accepted item event on item X: if X was not (visible and done) before the entry and is after,
 * X's completedAt is the entry's serverMs; if X is not (visible and done) after it, X has none. So an item done
 * twice in a row keeps its first time, and one reopened and done again gets the later one.
 */
public final class ArchiveProjection implements Projection<ArchiveState> {

    public static final ArchiveProjection INSTANCE = new ArchiveProjection();

    /** How long of log time an item stays done in {@code items} before it is archived: 7 days. */
    public static final long ARCHIVE_AFTER_MS = 7L * 24 * 60 * 60 * 1000;

    private static final Comparator<Map.Entry<String, Long>> NEWEST_FIRST =
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    @Override
    public String id() {
        return "todo-archive";
    }

    @Override
    public int version() {
        return 3;
    }

    @Override
    public ArchiveState initial(String listId) {
        return new ArchiveState(new TodoList(listId), Map.of(), 0);
    }

    @Override
    public ArchiveState apply(ArchiveState state, LogEntry entry) {
        TodoList list = state.list();
        boolean doneBefore = false;
        String itemId = null;
        if (entry instanceof LogEntry.Accepted accepted && accepted.event().body() instanceof EventBody.ItemEvent e) {
            itemId = e.itemId();
            doneBefore = visibleAndDone(list.item(itemId));
        }
        if (!list.apply(entry)) {
            return state; // folded before (an overlapping replay): nothing moves, not even log time
        }
        state.logTimeAtLeast(entry.serverMs());
        if (itemId != null) {
            boolean doneAfter = visibleAndDone(list.item(itemId));
            if (!doneAfter) {
                state.notDone(itemId);
            } else if (!doneBefore) {
                state.completed(itemId, entry.serverMs());
            }
        }
        return state;
    }

    private static boolean visibleAndDone(Item item) {
        return item != null && item.visible() && item.done();
    }

    @Override
    public ArchiveState copy(ArchiveState state) {
        return new ArchiveState(TodoListProjection.V1.copy(state.list()), state.completedAtMs(), state.logTimeMs());
    }

    @Override
    public long listVersion(ArchiveState state) {
        return state.list().listVersion();
    }

    @Override
    public ListFacts facts(ArchiveState state) {
        return TodoListProjection.V1.facts(state.list());
    }

    /** Whether {@code item} is in the archived section: visible, done, and done for 7 days of log time. */
    public static boolean archived(ArchiveState state, Item item) {
        Long completedAt = state.completedAtMs().get(item.itemId());
        return visibleAndDone(item) && completedAt != null && state.logTimeMs() - completedAt >= ARCHIVE_AFTER_MS;
    }

    /** The archived items' ids and completion times, newest first, then by itemId. */
    public static List<Map.Entry<String, Long>> archivedItems(ArchiveState state) {
        List<Map.Entry<String, Long>> archived = new ArrayList<>();
        for (Item item : state.list().visibleItems()) {
            if (archived(state, item)) {
                archived.add(Map.entry(item.itemId(), state.completedAtMs().get(item.itemId())));
            }
        }
        archived.sort(NEWEST_FIRST);
        return archived;
    }

    @Override
    public Map<String, Object> view(ArchiveState state) {
        TodoList list = state.list();
        List<Map<String, Object>> items = new ArrayList<>();
        long open = 0;
        for (Item item : list.visibleItems()) {
            if (!archived(state, item)) {
                items.add(TodoListProjection.item(item, false));
            }
            open += item.done() ? 0 : 1;
        }
        List<Map<String, Object>> archived = new ArrayList<>();
        for (Map.Entry<String, Long> done : archivedItems(state)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("itemId", done.getKey());
            item.put("title", list.item(done.getKey()).title().value());
            item.put("completedAt", done.getValue());
            archived.add(item);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", list.title() == null ? "" : list.title());
        view.put("policy", list.policy().wireName());
        view.put("members", TodoListProjection.roleNames(list.members()));
        view.put("logTime", state.logTimeMs());
        view.put("items", items);
        view.put("archived", archived);
        view.put("openCount", open);
        view.put("archivedCount", (long) archived.size());
        return view;
    }

    @Override
    public long weight(ArchiveState state) {
        return TodoListProjection.V1.weight(state.list());
    }

    @Override
    public String toString() {
        return name() + " (" + id() + ")";
    }
}
