// The domain's wire shapes (PROTOCOL.md) and state shapes, re-exported by index.ts.

export type Policy = 'lww' | 'counter' | 'vector';
export type Role = 'owner' | 'editor' | 'viewer';
export interface Hlc { ms: number; n: number }
export type VClock = Record<string, number>;
export type EventType = 'ListCreated' | 'ListRenamed' | 'ItemAdded' | 'ItemRenamed' | 'ItemCompleted'
    | 'ItemReopened' | 'ItemDeleted' | 'MemberAdded' | 'MemberRemoved';

/** The type-specific fields of an event (each type has some of them: PROTOCOL.md's table). */
export interface EventFields {
  title?: string;
  policy?: Policy;
  itemId?: string;
  count?: number;
  vclock?: VClock;
  note?: string;
  member?: string;
  role?: Role;
}

/** An event as a device writes it (push body's `events[i]`). Type-specific fields are optional here. */
export interface ClientEvent extends EventFields {
  eventId: string;
  clientSeq: number;
  type: EventType;
  at: Hlc;
}

/** A log entry as catch-up and the stream show it: an accepted event or a `Rejected`. */
export interface LogEntry extends EventFields {
  listVersion: number;
  clientId: string;
  serverMs?: number;
  userId?: string;
  eventId: string;
  clientSeq: number;
  type: EventType | 'Rejected';
  at?: Hlc;
  reason?: string;
  expectedClientSeq?: number;
  limit?: string;
  /** On a `forbidden` rejection: the clientId belongs to another user, whose numbering did not move. */
  foreignClient?: boolean;
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
  /** the serverMs of the entry that added the item, and of the last one that wrote it (0 when unknown) */
  addedAtMs: number;
  updatedAtMs: number;
}

/** The body fields of a new item event stamped for this device (count and vclock after the edit). */
export interface Stamped { count: number; vclock: VClock }
