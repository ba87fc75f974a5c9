/**
 * The lists this tab shows, in memory: per list the confirmed fold (the stored log folded with the domain's
 * `TodoList`) and the optimistic one (a copy with this device's pending events folded over it, numbered after
 * the confirmed listVersion). Only folds are held, never the log itself: the log lives in IndexedDB.
 */
import { TodoList, type ClientEvent, type LogEntry } from '../../domain/index.ts';
import type { ListView } from '../api.ts';

interface Held { confirmed: TodoList; pending: ClientEvent[]; optimistic: TodoList | null; view: ListView | null }

export class ListFolds {
  private readonly held = new Map<string, Held>();

  constructor(private readonly clientId: string, private readonly user: string) {}

  has(listId: string): boolean {
    return this.held.has(listId);
  }

  ids(): string[] {
    return [...this.held.keys()];
  }

  /** Replaces a list's folds from its stored log and queue. */
  load(listId: string, log: LogEntry[], pending: ClientEvent[]): void {
    this.held.set(listId, { confirmed: TodoList.fold(listId, log), pending, optimistic: null, view: null });
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
    }
    held.pending = pending;
    held.optimistic = null;
    held.view = null;
  }

  /** This tab queued one more edit: folded over the optimistic state as it is, no refold. */
  addPending(listId: string, event: ClientEvent): void {
    const held = this.held.get(listId);
    if (!held || held.pending.some((e) => e.eventId === event.eventId)) return; // a re-read brought it already
    held.pending = [...held.pending, event];
    if (held.optimistic) {
      held.optimistic.apply({ ...event, listVersion: held.confirmed.listVersion + held.pending.length, clientId: this.clientId, userId: this.user });
    }
    held.view = null;
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
      for (const event of held.pending) {
        copy.apply({ ...event, listVersion: ++version, clientId: this.clientId, userId: this.user });
      }
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
}
