/**
 * The domain in TypeScript: the same fold, conflict policies, clocks and digest as the Java `domain/`
 * module, proven equal by the shared test vectors. Pure: no DOM, no IndexedDB, no fetch.
 *
 * CONTRACT (the SDK and the app import only what is exported here). The bodies are stubs until the
 * port lands; names and shapes below are fixed.
 */

// ---- wire shapes (PROTOCOL.md) ----
export type Policy = 'lww' | 'counter' | 'vector';
export type Role = 'owner' | 'editor' | 'viewer';
export interface Hlc { ms: number; n: number }
export type VClock = Record<string, number>;
export type EventType = 'ListCreated' | 'ListRenamed' | 'ItemAdded' | 'ItemRenamed' | 'ItemCompleted'
    | 'ItemReopened' | 'ItemDeleted' | 'MemberAdded' | 'MemberRemoved';

/** An event as a device writes it (push body's `events[i]`). Type-specific fields are optional here. */
export interface ClientEvent {
  eventId: string;
  clientSeq: number;
  type: EventType;
  at: Hlc;
  title?: string;
  policy?: Policy;
  itemId?: string;
  count?: number;
  vclock?: VClock;
  note?: string;
  member?: string;
  role?: Role;
}

/** A log entry as catch-up and the stream show it: an accepted event or a `Rejected`. */
export interface LogEntry {
  listVersion: number;
  clientId: string;
  serverMs?: number;
  userId?: string;
  eventId: string;
  clientSeq: number;
  type: EventType | 'Rejected';
  at?: Hlc;
  title?: string;
  policy?: Policy;
  itemId?: string;
  count?: number;
  vclock?: VClock;
  note?: string;
  member?: string;
  role?: Role;
  reason?: string;
  expectedClientSeq?: number;
  limit?: string;
}

/** What a user sees of an item (the state endpoint's item shape). */
export interface ItemView {
  itemId: string;
  title: string;
  completed: boolean;
  /** register name -> distinct sibling values under `vector`; empty when none */
  conflicts: { title?: string[]; completed?: boolean[] };
}

/** One write into a register (a sibling under `vector`). */
export interface Write<T> { value: T; at: Hlc; clientId: string; count: number; vclock: VClock; listVersion: number }

export interface ItemState {
  itemId: string;
  addedVersion: number;
  deletedVersion: number | null;
  title: Write<string>[];       // the register's kept writes (one, or siblings under vector)
  completed: Write<boolean>[];
}

/** The body fields of a new item event stamped for this device (count and vclock after the edit). */
export interface Stamped { count: number; vclock: VClock }

/** A list's state, derived by folding its log: the port of Java's `TodoList` (mutable for speed). */
export class TodoList {
  constructor(readonly listId: string, readonly policyOverride?: Policy) { throw new Error('not ported yet'); }
  static fold(listId: string, entries: Iterable<LogEntry>): TodoList { throw new Error('not ported yet'); }
  /** Applies one entry in listVersion order; false if it changed nothing (a rejection, a stale entry). */
  apply(entry: LogEntry): boolean { throw new Error('not ported yet'); }
  get created(): boolean { throw new Error('not ported yet'); }
  get title(): string | null { throw new Error('not ported yet'); }
  get policy(): Policy { throw new Error('not ported yet'); }
  get listVersion(): number { throw new Error('not ported yet'); }
  get clientSeqs(): Record<string, number> { throw new Error('not ported yet'); }
  get members(): Record<string, Role> { throw new Error('not ported yet'); }
  roleOf(userId: string): Role | null { throw new Error('not ported yet'); }
  item(itemId: string): ItemState | undefined { throw new Error('not ported yet'); }
  /** Items shown to users, in first-added order, as the state endpoint renders them. */
  visibleItems(): ItemView[] { throw new Error('not ported yet'); }
  /** A deep copy (the SDK folds pending events over a copy of the confirmed state). */
  copy(): TodoList { throw new Error('not ported yet'); }
}

/** Port of Java's `EditStamper`: count and vclock for this device's next write of an item's register(s). */
export class EditStamper {
  constructor(readonly clientId: string) { throw new Error('not ported yet'); }
  add(item: ItemState | undefined): Stamped { throw new Error('not ported yet'); }
  rename(item: ItemState): Stamped { throw new Error('not ported yet'); }
  complete(item: ItemState): Stamped { throw new Error('not ported yet'); }
  reopen(item: ItemState): Stamped { throw new Error('not ported yet'); }
  delete(item: ItemState): Stamped { throw new Error('not ported yet'); }
}

/** Port of Java's `HybridClock`. */
export class HybridClock {
  constructor(wallClock?: () => number, last?: Hlc) { throw new Error('not ported yet'); }
  now(): Hlc { throw new Error('not ported yet'); }
  receive(remote: Hlc): Hlc { throw new Error('not ported yet'); }
  current(): Hlc { throw new Error('not ported yet'); }
}

/** Port of Java's `StateDigest`: the canonical text and its lowercase hex SHA-256 (projection v2's stateHash). */
export function canonicalState(list: TodoList): string { throw new Error('not ported yet'); }
export async function stateDigest(list: TodoList): Promise<string> { throw new Error('not ported yet'); }
