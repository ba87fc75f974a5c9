// Port of Java's TodoList: a list's state, derived by folding its log. The same rules as the server's fold, so
// the same log prefix gives the same state (proven by the fold vectors, web/test/domain). Items are immutable
// values (a write replaces the item), so copy() costs one Map copy, not a deep copy.
import { Membership } from './membership.ts';
import { distinctValues, inConflict, visibleWrite, writeRegister } from './register.ts';
import { compareStamp, compareText } from './stamp.ts';
import type { Hlc, ItemState, ItemView, LogEntry, Policy, Role, Write } from './types.ts';

interface TitleStamp { at: Hlc; clientId: string }

/** Whether an entry moves its client's last consumed clientSeq (Java's LogEntry.consumesClientSeq). */
export function consumesClientSeq(entry: LogEntry): boolean {
  if (entry.type !== 'Rejected') return true;
  switch (entry.reason) {
    case 'gap':
    case 'seq-reused':
      return false;
    case 'list-limit':
      return entry.limit !== 'clients';
    case 'forbidden':
      return entry.foreignClient !== true;
    default:
      return true;
  }
}

/** Shown to users: added and not deleted. */
export function isVisible(item: ItemState): boolean {
  return item.deletedVersion === null && item.addedVersion > 0 && item.title.length > 0;
}

/** The state endpoint's view of a visible item. */
export function itemView(item: ItemState): ItemView {
  const conflicts: ItemView['conflicts'] = {};
  if (item.title.length > 0 && inConflict(item.title)) conflicts.title = distinctValues(item.title);
  if (item.completed.length > 0 && inConflict(item.completed)) conflicts.completed = distinctValues(item.completed);
  return {
    itemId: item.itemId,
    title: visibleWrite(item.title).value,
    completed: isDone(item),
    conflicts,
  };
}

function newItem(itemId: string, addedVersion: number): ItemState {
  return { itemId, addedVersion, deletedVersion: null, title: [], completed: [], addedAtMs: 0, updatedAtMs: 0 };
}

/** Whether a visible item's completed register says done (Java's Item.done()). */
export function isDone(item: ItemState): boolean {
  return item.completed.length > 0 && visibleWrite(item.completed).value;
}

export class TodoList {
  private isCreated = false;
  private listTitle: string | null = null;
  private titleStamp: TitleStamp | null = null;
  private listPolicy: Policy = 'lww';
  private version = 0;
  private seqs = new Map<string, number>();
  private items = new Map<string, ItemState>();
  private membership = new Membership();

  /** An empty list; with `policyOverride`, every register folds under it whatever ListCreated says (what-if). */
  constructor(readonly listId: string, readonly policyOverride?: Policy) {
    if (policyOverride !== undefined) this.listPolicy = policyOverride;
  }

  static fold(listId: string, entries: Iterable<LogEntry>): TodoList {
    const list = new TodoList(listId);
    for (const entry of entries) list.apply(entry);
    return list;
  }

  /**
   * Applies one entry in listVersion order; false if it changed nothing (an entry at or below the list's version,
   * folded already: replaying an overlapping page is harmless). A rejection moves the version and clientSeqs only.
   */
  apply(entry: LogEntry): boolean {
    if (entry.listVersion <= this.version) return false;
    this.version = entry.listVersion;
    if (consumesClientSeq(entry)) this.seqs.set(entry.clientId, entry.clientSeq);
    if (entry.type !== 'Rejected') this.applyEvent(entry);
    return true;
  }

  private applyEvent(entry: LogEntry): void {
    const stamp: TitleStamp = { at: entry.at!, clientId: entry.clientId };
    const userId = entry.userId ?? null;
    switch (entry.type) {
      case 'ListCreated':
        if (!this.isCreated) {
          this.isCreated = true;
          this.listTitle = entry.title!;
          this.titleStamp = stamp;
          this.listPolicy = this.policyOverride ?? entry.policy!;
          this.membership.apply(userId, entry.type);
        }
        return;
      case 'ListRenamed':
        if (this.isCreated) {
          this.membership.apply(userId, entry.type);
          if (compareStamp(stamp, this.titleStamp!) > 0) {
            this.listTitle = entry.title!;
            this.titleStamp = stamp;
          }
        }
        return;
      case 'MemberAdded':
      case 'MemberRemoved':
        if (this.isCreated) this.membership.apply(userId, entry.type, entry.member, entry.role);
        return;
      default:
        if (this.isCreated) {
          this.membership.apply(userId, entry.type as 'ItemAdded');
          this.applyItemEvent(entry, stamp);
        }
    }
  }

  private applyItemEvent(entry: LogEntry, stamp: TitleStamp): void {
    const next = this.writeItem(entry, stamp);
    if (next === undefined) return;
    // the item was written (not ignored): its server times, as Java's Item.writtenAt
    const ms = entry.serverMs ?? 0;
    next.addedAtMs = next.addedAtMs === 0 && next.addedVersion > 0 ? ms : next.addedAtMs;
    next.updatedAtMs = ms;
    this.items.set(next.itemId, next);
  }

  /** The item after the event, a new value; undefined when the event changes nothing. */
  private writeItem(entry: LogEntry, stamp: TitleStamp): ItemState | undefined {
    const itemId = entry.itemId!;
    const item = this.items.get(itemId);
    if (item !== undefined && item.deletedVersion !== null) return undefined; // a tombstone is final
    const version = entry.listVersion;
    const write = <T>(value: T): Write<T> => ({
      value, at: stamp.at, clientId: stamp.clientId, count: entry.count!, vclock: entry.vclock!, listVersion: version,
    });
    const policy = this.listPolicy;
    switch (entry.type) {
      case 'ItemAdded': {
        const base = item ?? newItem(itemId, version);
        return {
          ...base,
          title: writeRegister(policy, base.title, write(entry.title!)) as Write<string>[],
          completed: writeRegister(policy, base.completed, write(false)) as Write<boolean>[],
        };
      }
      case 'ItemRenamed':
        return item && { ...item, title: writeRegister(policy, item.title, write(entry.title!)) as Write<string>[] };
      case 'ItemCompleted':
      case 'ItemReopened':
        return item && { ...item, completed: writeRegister(policy, item.completed, write(entry.type === 'ItemCompleted')) as Write<boolean>[] };
      case 'ItemDeleted':
        return { ...(item ?? newItem(itemId, 0)), deletedVersion: version };
    }
    return undefined;
  }

  /** Whether a ListCreated was accepted; until then the list has a log but no state to show. */
  get created(): boolean {
    return this.isCreated;
  }

  get title(): string | null {
    return this.listTitle;
  }

  /** The policy the registers are folded under: the ListCreated's, or the what-if override. */
  get policy(): Policy {
    return this.listPolicy;
  }

  get listVersion(): number {
    return this.version;
  }

  /** Every client's last consumed clientSeq, by clientId. */
  get clientSeqs(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const clientId of [...this.seqs.keys()].sort(compareText)) out[clientId] = this.seqs.get(clientId)!;
    return out;
  }

  /** The list's members, user id -> role, by user id. */
  get members(): Record<string, Role> {
    return this.membership.members();
  }

  roleOf(userId: string): Role | null {
    return this.membership.roleOf(userId);
  }

  /** An item the list knows (tombstones included), as an immutable value. */
  item(itemId: string): ItemState | undefined {
    return this.items.get(itemId);
  }

  /** Every item the list knows, tombstones included, in first-added order. */
  allItems(): ItemState[] {
    return [...this.items.values()];
  }

  /** Items shown to users, in first-added order, as the state endpoint renders them. */
  visibleItems(): ItemView[] {
    const out: ItemView[] = [];
    for (const item of this.items.values()) if (isVisible(item)) out.push(itemView(item));
    return out;
  }

  /** A copy that folds on independently (the SDK folds pending events over a copy of the confirmed state). */
  copy(): TodoList {
    const copy = new TodoList(this.listId, this.policyOverride);
    copy.isCreated = this.isCreated;
    copy.listTitle = this.listTitle;
    copy.titleStamp = this.titleStamp;
    copy.listPolicy = this.listPolicy;
    copy.version = this.version;
    copy.seqs = new Map(this.seqs);
    copy.items = new Map(this.items);
    copy.membership = this.membership.copy();
    return copy;
  }
}
