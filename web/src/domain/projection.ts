// Port of Java's domain/projection: a derivation of a list's log (Projection), what the platform reads of any
// state (ListFacts), and the platform's own two (TodoListProjection v1, v2), whose views equal Java's key for key
// (proven by the fold vectors' `views`, web/test/domain/projection-views.test.ts).
import { stateHash } from './state-digest.ts';
import { isDone, isVisible, itemView, TodoList } from './todo-list.ts';
import type { ItemState, LogEntry } from './types.ts';

/** A JSON value as a view holds it: no undefined, no null (a field is left out instead). */
export type JsonValue = string | number | boolean | JsonValue[] | { [key: string]: JsonValue };
export type View = { [key: string]: JsonValue };

/** Existence, title, position and fence of any projection's state (Java's ListFacts). */
export interface ListFacts {
  listId: string;
  created: boolean;
  title: string | null;
  listVersion: number;
  clientSeqs: Record<string, number>;
}

/**
 * A derivation of a list's log, the same contract as Java's Projection: `apply` depends on its arguments only (no
 * clock, no randomness, no I/O), may change `state` in place and return it (a caller that needs the state before
 * folds a `copy`), and is given each entry once, in log order, never one at or below `listVersion(state)`.
 */
export interface Projection<S> {
  /** what it derives: `todo-list`, `todo-archive` */
  readonly id: string;
  /** unique among the projections a platform runs */
  readonly version: number;
  /** `v${version}`: what `?projection=` and the server's topics use */
  readonly name: string;
  initial(listId: string): S;
  apply(state: S, entry: LogEntry): S;
  copy(state: S): S;
  listVersion(state: S): number;
  facts(state: S): ListFacts;
  /** the state as the query-api serves it, without listId, projection, listVersion, clientSeqs, source */
  view(state: S): View;
  /** about how many items' worth of memory the state holds; 1 when left out */
  weight?(state: S): number;
}

/** Folds a whole log (entries at or below the state's listVersion skipped, as the platform does). */
export function foldWith<S>(projection: Projection<S>, listId: string, log: Iterable<LogEntry>): S {
  let state = projection.initial(listId);
  for (const entry of log) {
    if (entry.listVersion > projection.listVersion(state)) state = projection.apply(state, entry);
  }
  return state;
}

/** The domain fold (TodoList) with its conflict policies; v1 the original view, v2 with counts, server times and stateHash. */
export class TodoListProjection implements Projection<TodoList> {
  static readonly V1 = new TodoListProjection(1, false);
  static readonly V2 = new TodoListProjection(2, true);

  readonly id = 'todo-list';
  readonly name: string;

  private constructor(readonly version: number, private readonly counted: boolean) {
    this.name = `v${version}`;
  }

  initial(listId: string): TodoList {
    return new TodoList(listId);
  }

  apply(state: TodoList, entry: LogEntry): TodoList {
    state.apply(entry);
    return state;
  }

  copy(state: TodoList): TodoList {
    return state.copy();
  }

  listVersion(state: TodoList): number {
    return state.listVersion;
  }

  facts(state: TodoList): ListFacts {
    return { listId: state.listId, created: state.created, title: state.title, listVersion: state.listVersion, clientSeqs: state.clientSeqs };
  }

  view(state: TodoList): View {
    const items: View[] = [];
    let done = 0;
    for (const item of state.allItems()) {
      if (!isVisible(item)) continue;
      items.push(TodoListProjection.item(item, this.counted));
      if (isDone(item)) done++;
    }
    const view: View = { title: state.title ?? '', policy: state.policy, members: state.members, items };
    if (this.counted) {
      view.openCount = items.length - done;
      view.doneCount = done;
      view.stateHash = stateHash(state);
    }
    return view;
  }

  /** One visible item as every version shows it; `serverTimes` adds v2's addedAt/updatedAt. */
  static item(item: ItemState, serverTimes: boolean): View {
    const view: View = { ...itemView(item) } as unknown as View;
    if (serverTimes) {
      view.addedAt = item.addedAtMs;
      view.updatedAt = item.updatedAtMs;
    }
    return view;
  }

  weight(state: TodoList): number {
    return 1 + state.allItems().length;
  }
}
