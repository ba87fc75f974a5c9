/**
 * The lists this tab shows, in memory: per list the confirmed fold (the stored log folded with the domain's
 * `TodoList`) and the optimistic one (a copy with this device's pending events folded over it, numbered after
 * the confirmed listVersion). Only folds are held, never the log itself: the log lives in IndexedDB.
 *
 * Beside them, the app's projection (its derivation, `SyncOptions.projection`) folds the same entries: confirmed,
 * and on demand with the pending events over a copy. The SDK itself keeps `TodoList` (stamping, roles, the
 * ListView); when the app runs the platform's TodoListProjection its state is that very fold, held once.
 */
import { TodoList, TodoListProjection, type ClientEvent, type LogEntry, type Projection } from '../../domain/index.ts';
import type { DerivedList, ListView } from '../api.ts';

interface Held {
  confirmed: TodoList; pending: ClientEvent[]; optimistic: TodoList | null; view: ListView | null;
  derived: unknown; derivedView: DerivedList | null;
}

export class ListFolds {
  private readonly held = new Map<string, Held>();
  /** the app's projection is the SDK's own fold: its state is the TodoList held anyway */
  private readonly shared: boolean;

  constructor(private readonly clientId: string, private readonly user: string,
              private readonly projection: Projection<unknown> = TodoListProjection.V1 as Projection<unknown>) {
    this.shared = projection instanceof TodoListProjection;
  }

  has(listId: string): boolean {
    return this.held.has(listId);
  }

  ids(): string[] {
    return [...this.held.keys()];
  }

  /** Replaces a list's folds from its stored log and queue. */
  load(listId: string, log: LogEntry[], pending: ClientEvent[]): void {
    const confirmed = TodoList.fold(listId, log);
    let derived: unknown = confirmed;
    if (!this.shared) {
      derived = this.projection.initial(listId);
      for (const entry of log) derived = this.derive(derived, entry);
    }
    this.held.set(listId, { confirmed, pending, optimistic: null, view: null, derived, derivedView: null });
  }

  /** One entry into the app's projection; an entry it holds already is skipped (the Projection contract). */
  private derive(state: unknown, entry: LogEntry): unknown {
    return entry.listVersion > this.projection.listVersion(state) ? this.projection.apply(state, entry) : state;
  }

  forget(listId: string): void {
    this.held.delete(listId);
  }

  /** Folds newly stored entries (in listVersion order, after the confirmed version) and the new queue. */
  advance(listId: string, entries: LogEntry[], pending: ClientEvent[]): void {
    const held = this.held.get(listId);
    if (!held) return;
    for (const entry of entries) {
      if (entry.listVersion > held.confirmed.listVersion) held.confirmed.apply(entry);
      if (!this.shared) held.derived = this.derive(held.derived, entry);
    }
    held.pending = pending;
    held.optimistic = null;
    held.view = null;
    held.derivedView = null;
  }

  /** This tab queued one more edit: folded over the optimistic state as it is, no refold. */
  addPending(listId: string, event: ClientEvent): void {
    const held = this.held.get(listId);
    if (!held || held.pending.some((e) => e.eventId === event.eventId)) return; // a re-read brought it already
    held.pending = [...held.pending, event];
    if (held.optimistic) held.optimistic.apply(this.asEntry(event, held.confirmed.listVersion + held.pending.length));
    held.view = null;
    held.derivedView = null;
  }

  /**
   * A pending event as the log will show it, numbered after the confirmed version; its serverMs is the device's
   * clock reading (`at.ms`), the best guess of when the server will stamp it (projections that read server time,
   * such as v3's log time, then see the edit about where it will land).
   */
  private asEntry(event: ClientEvent, listVersion: number): LogEntry {
    return { ...event, listVersion, clientId: this.clientId, userId: this.user, serverMs: event.at.ms };
  }

  confirmed(listId: string): TodoList | undefined {
    return this.held.get(listId)?.confirmed;
  }

  confirmedVersion(listId: string): number {
    return this.held.get(listId)?.confirmed.listVersion ?? 0;
  }

  /** The confirmed fold with the pending events over it (what stamping a new edit reads). */
  optimistic(listId: string): TodoList | undefined {
    const held = this.held.get(listId);
    if (!held) return undefined;
    if (!held.optimistic) {
      const copy = held.confirmed.copy();
      let version = copy.listVersion;
      for (const event of held.pending) copy.apply(this.asEntry(event, ++version));
      held.optimistic = copy;
    }
    return held.optimistic;
  }

  view(listId: string): ListView | null {
    const held = this.held.get(listId);
    if (!held) return null;
    if (!held.view) {
      const list = this.optimistic(listId)!;
      if (!list.created) return null;
      held.view = {
        listId, title: list.title ?? listId, policy: list.policy,
        role: held.confirmed.created ? held.confirmed.roleOf(this.user) : null,
        members: { ...list.members }, items: list.visibleItems(),
        listVersion: held.confirmed.listVersion, pending: held.pending.length,
      };
    }
    return held.view;
  }

  /** The app's projection's view of a list: the confirmed state with the pending events folded over a copy. */
  derived(listId: string): DerivedList | null {
    const held = this.held.get(listId);
    if (!held || !this.optimistic(listId)!.created) return null;
    if (!held.derivedView) {
      let state: unknown;
      if (this.shared) {
        state = this.optimistic(listId);
      } else {
        state = held.pending.length ? this.projection.copy(held.derived) : held.derived;
        let version = this.projection.listVersion(state);
        for (const event of held.pending) state = this.projection.apply(state, this.asEntry(event, ++version));
      }
      held.derivedView = {
        listId, projection: this.projection.name, listVersion: held.confirmed.listVersion, pending: held.pending.length,
        view: this.projection.view(state),
      };
    }
    return held.derivedView;
  }
}
