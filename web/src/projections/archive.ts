// Projection v3 "todo-archive", the TypeScript port of examples/archive-projection (the example of an app shipping
// a new fold): the domain fold under the list's policy as v1/v2, plus log time and per-item completion times, so
// items done for ARCHIVE_AFTER of log time move to an `archived` section. Log time is the greatest serverMs folded,
// never the device's clock: a list nobody writes to keeps its view, and every device and the server agree.
import { isDone, isVisible, TodoList, TodoListProjection, type ItemState, type ListFacts, type LogEntry, type Projection, type View } from '../domain/index.ts';
import { compareText } from '../domain/stamp.ts';

/** 7 days of log time. */
export const ARCHIVE_AFTER = 604_800_000;

export interface ArchiveState {
  list: TodoList;
  /** the greatest serverMs of every entry folded so far (accepted or rejected); 0 initially */
  logTime: number;
  /** itemId -> serverMs of the entry that made the visible item done */
  completedAt: Map<string, number>;
}

const ITEM_EVENTS = new Set(['ItemAdded', 'ItemRenamed', 'ItemCompleted', 'ItemReopened', 'ItemDeleted']);

function visibleAndDone(item: ItemState | undefined): boolean {
  return item !== undefined && isVisible(item) && isDone(item);
}

class TodoArchiveProjection implements Projection<ArchiveState> {
  readonly id = 'todo-archive';
  readonly version = 3;
  readonly name = 'v3';

  initial(listId: string): ArchiveState {
    return { list: new TodoList(listId), logTime: 0, completedAt: new Map() };
  }

  apply(state: ArchiveState, entry: LogEntry): ArchiveState {
    const itemId = ITEM_EVENTS.has(entry.type) ? entry.itemId! : null;
    const before = itemId !== null && visibleAndDone(state.list.item(itemId));
    if (!state.list.apply(entry)) return state; // folded already
    state.logTime = Math.max(state.logTime, entry.serverMs ?? 0);
    if (itemId !== null) {
      const after = visibleAndDone(state.list.item(itemId));
      if (!before && after) state.completedAt.set(itemId, entry.serverMs ?? 0);
      else if (!after) state.completedAt.delete(itemId);
    }
    return state;
  }

  copy(state: ArchiveState): ArchiveState {
    return { list: state.list.copy(), logTime: state.logTime, completedAt: new Map(state.completedAt) };
  }

  listVersion(state: ArchiveState): number {
    return state.list.listVersion;
  }

  facts(state: ArchiveState): ListFacts {
    return TodoListProjection.V1.facts(state.list);
  }

  view(state: ArchiveState): View {
    const { list, logTime, completedAt } = state;
    const items: View[] = [];
    const archived: { itemId: string; title: string; completedAt: number }[] = [];
    let open = 0;
    for (const item of list.allItems()) {
      if (!isVisible(item)) continue;
      const done = isDone(item);
      const at = completedAt.get(item.itemId);
      if (done && at !== undefined && logTime - at >= ARCHIVE_AFTER) {
        archived.push({ itemId: item.itemId, title: TodoListProjection.item(item, false).title as string, completedAt: at });
      } else {
        items.push(TodoListProjection.item(item, false));
        if (!done) open++;
      }
    }
    archived.sort((a, b) => b.completedAt - a.completedAt || compareText(a.itemId, b.itemId));
    return {
      title: list.title ?? '', policy: list.policy, members: list.members, logTime, items, archived,
      openCount: open, archivedCount: archived.length,
    };
  }

  weight(state: ArchiveState): number {
    return 1 + state.list.allItems().length;
  }
}

/** Projection v3, "todo-archive": `createSync(config, auth, { projection: TodoArchive })`. */
export const TodoArchive: Projection<ArchiveState> = new TodoArchiveProjection();
