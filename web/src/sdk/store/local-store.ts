/**
 * The device's durable state in IndexedDB, one database per user (`offline-sync:<user>`), shared by every tab of
 * the browser profile: per list the confirmed log entries and the cursor, the pending events, the clientId, the
 * hybrid clock, the rejections to surface. Mirrors the Java SDK's `LocalStore`; every method is one transaction.
 */
import { HybridClock, type ClientEvent, type Hlc, type LogEntry } from '../../domain/index.ts';
import type { ProjectionRef, Rejection } from '../api.ts';
import { openDatabase, request, transact } from './idb.ts';
import { planRenumbering } from './renumbering.ts';

export interface StoredList {
  listId: string;
  /** the last listVersion stored */
  cursor: number;
  /** the server's head as last seen */
  head: number;
  /** the clientSeq the next edit of this device gets */
  nextClientSeq: number;
  /** the last clientSeq of this device the server consumed, as the stored log shows */
  serverClientSeq: number;
  /** the user lost access to it (`removed`, or a 404 for a list it held) */
  removed: boolean;
}

export interface PendingRow { listId: string; eventId: string; clientSeq: number; event: ClientEvent }

export interface RejectionRow extends Rejection { listVersion: number; dismissed: boolean }

/** What storing a page of log entries did. */
/** `resend`: the log asks for some pending events again (a gap, a reused clientSeq), so send them even if acknowledged. */
export interface Appended { entries: LogEntry[]; rejections: Rejection[]; settled: number; renumbered: boolean; resend: boolean }

/** A log entry as the wire may carry it beyond the domain's shape. */
type WireEntry = LogEntry & { foreignClient?: boolean };

const VERSION = 1;
const META = 'meta', LISTS = 'lists', LOG = 'log', PENDING = 'pending', REJECTIONS = 'rejections', SET_ASIDE = 'setAside';
const ALL = [META, LISTS, LOG, PENDING, REJECTIONS, SET_ASIDE];

export function databaseName(user: string): string {
  return `offline-sync:${user}`;
}

export class LocalStore {
  private constructor(private readonly db: IDBDatabase, readonly user: string, readonly clientId: string,
                      private readonly wallClock: () => number) {}

  static async open(factory: IDBFactory, user: string, wallClock: () => number = Date.now): Promise<LocalStore> {
    const db = await openDatabase(factory, databaseName(user), VERSION, (d) => {
      d.createObjectStore(META, { keyPath: 'key' });
      d.createObjectStore(LISTS, { keyPath: 'listId' });
      d.createObjectStore(LOG, { keyPath: ['listId', 'listVersion'] });
      d.createObjectStore(PENDING, { keyPath: 'eventId' }).createIndex('byList', ['listId', 'clientSeq'], { unique: true });
      d.createObjectStore(REJECTIONS, { keyPath: 'eventId' });
      d.createObjectStore(SET_ASIDE, { keyPath: 'eventId' });
    });
    // one clientId per profile and user, created by whichever tab comes first
    const clientId = await transact(db, [META], 'readwrite', async (tx) => {
      const meta = tx.objectStore(META);
      const row = await request(meta.get('clientId')) as { value: string } | undefined;
      if (row) return row.value;
      const fresh = 'web-' + crypto.randomUUID().replaceAll('-', '').slice(0, 20);
      meta.put({ key: 'clientId', value: fresh });
      return fresh;
    });
    return new LocalStore(db, user, clientId, wallClock);
  }

  close(): void {
    this.db.close();
  }

  /** The projection (name, id, version) the app ran last on this profile; null before the first one was recorded. */
  async projection(): Promise<ProjectionRef | null> {
    const row = await transact(this.db, [META], 'readonly', (tx) => request(tx.objectStore(META).get('projection'))) as { value: ProjectionRef } | undefined;
    return row?.value ?? null;
  }

  setProjection(ref: ProjectionRef): Promise<void> {
    return transact(this.db, [META], 'readwrite', async (tx) => { tx.objectStore(META).put({ key: 'projection', value: ref }); });
  }

  list(listId: string): Promise<StoredList | undefined> {
    return transact(this.db, [LISTS], 'readonly', (tx) => request(tx.objectStore(LISTS).get(listId)));
  }

  lists(): Promise<StoredList[]> {
    return transact(this.db, [LISTS], 'readonly', (tx) => request(tx.objectStore(LISTS).getAll()));
  }

  /** Starts holding a list (an empty log, cursor 0) unless it is held already. */
  follow(listId: string): Promise<StoredList> {
    return transact(this.db, [LISTS], 'readwrite', (tx) => ensureList(tx, listId));
  }

  /** The stored log entries of a list after `after`, in listVersion order. */
  log(listId: string, after = 0): Promise<LogEntry[]> {
    return transact(this.db, [LOG], 'readonly', async (tx) => {
      const range = IDBKeyRange.bound([listId, after + 1], [listId, Number.MAX_SAFE_INTEGER]);
      const rows = await request(tx.objectStore(LOG).getAll(range)) as Array<{ entry: LogEntry }>;
      return rows.map((r) => r.entry);
    });
  }

  /** The log after `after` and the queue, read in one transaction: never an entry and its pending event both, or neither. */
  read(listId: string, after = 0): Promise<{ log: LogEntry[]; pending: ClientEvent[] }> {
    return transact(this.db, [LOG, PENDING], 'readonly', async (tx) => {
      const range = IDBKeyRange.bound([listId, after + 1], [listId, Number.MAX_SAFE_INTEGER]);
      const rows = await request(tx.objectStore(LOG).getAll(range)) as Array<{ entry: LogEntry }>;
      return { log: rows.map((r) => r.entry), pending: (await pendingRows(tx, listId)).map((r) => r.event) };
    });
  }

  /** A list's pending events in clientSeq order. */
  pending(listId: string): Promise<ClientEvent[]> {
    return transact(this.db, [PENDING], 'readonly', async (tx) => (await pendingRows(tx, listId)).map((r) => r.event));
  }

  pendingCount(): Promise<number> {
    return transact(this.db, [PENDING], 'readonly', (tx) => request(tx.objectStore(PENDING).count()));
  }

  /**
   * Queues one edit: its clientSeq and its clock are taken in the same readwrite transaction, so two tabs
   * editing at once never number two events alike. `make` builds the event from them (and must not await).
   */
  addPending(listId: string, make: (clientSeq: number, at: Hlc) => ClientEvent): Promise<ClientEvent> {
    return transact(this.db, [LISTS, PENDING, META], 'readwrite', async (tx) => {
      const list = await ensureList(tx, listId);
      const clock = new HybridClock(this.wallClock, await readClock(tx));
      const event = make(list.nextClientSeq, clock.now());
      tx.objectStore(PENDING).add({ listId, eventId: event.eventId, clientSeq: event.clientSeq, event } satisfies PendingRow);
      tx.objectStore(LISTS).put({ ...list, nextClientSeq: list.nextClientSeq + 1 });
      tx.objectStore(META).put({ key: 'clock', value: clock.current() });
      return event;
    });
  }

  /**
   * Stores log entries (those at or below the cursor are skipped: the device has them), moves the cursor, drops
   * every own pending event an entry accepts or finally rejects (a gap or a reused clientSeq keeps it queued: it
   * is sent again, renumbered if need be), records own final rejections, advances the clock past what arrived,
   * and renumbers the queue if the log asks for it. `serverSeq` is the page's `clientSeqs` entry of this device,
   * given only for a page that reaches the head. The entries must follow the cursor without a gap.
   */
  appendLog(listId: string, entries: LogEntry[], head: number, serverSeq?: number): Promise<Appended> {
    return transact(this.db, ALL, 'readwrite', async (tx) => {
      const list = await ensureList(tx, listId);
      const pendingById = new Map((await pendingRows(tx, listId)).map((r) => [r.eventId, r]));
      const clock = new HybridClock(this.wallClock, await readClock(tx));
      const out: Appended = { entries: [], rejections: [], settled: 0, renumbered: false, resend: false };
      let cursor = list.cursor;
      let seq = Math.max(list.serverClientSeq, serverSeq ?? 0);
      for (const entry of entries as WireEntry[]) {
        if (entry.listVersion <= cursor) continue;
        if (entry.listVersion !== cursor + 1) break; // never store past a gap: the caller catches up
        cursor = entry.listVersion;
        tx.objectStore(LOG).put({ listId, listVersion: entry.listVersion, entry });
        out.entries.push(entry);
        if (entry.at) clock.receive(entry.at);
        if (entry.clientId !== this.clientId || entry.foreignClient) continue; // not this device's event
        seq = Math.max(seq, consumedSeq(entry));
        const mine = pendingById.get(entry.eventId);
        if (entry.type === 'Rejected') {
          if (entry.reason === 'gap' || entry.reason === 'seq-reused') { // healed: resent, renumbered if need be
            out.resend = true;
            continue;
          }
          const rejection: RejectionRow = {
            listId, eventId: entry.eventId, clientSeq: entry.clientSeq, type: mine?.event.type ?? '?',
            reason: entry.reason ?? '?', detail: explain(entry), listVersion: entry.listVersion, dismissed: false,
          };
          const known = await request(tx.objectStore(REJECTIONS).get(entry.eventId));
          if (!known) {
            tx.objectStore(REJECTIONS).put(rejection);
            out.rejections.push(strip(rejection));
          }
        }
        if (mine) {
          tx.objectStore(PENDING).delete(entry.eventId);
          pendingById.delete(entry.eventId);
          out.settled++;
        }
      }
      const updated: StoredList = { ...list, cursor, head: Math.max(list.head, head), serverClientSeq: seq, removed: false };
      tx.objectStore(META).put({ key: 'clock', value: clock.current() });
      out.renumbered = await renumber(tx, updated, [...pendingById.values()].map((r) => r.event));
      if (out.renumbered) out.resend = true;
      return out;
    });
  }

  /**
   * Sets pending events aside for good (the gateway refused them: 400, 403, 413): they leave the queue, are kept
   * with the reason and surfaced as rejections, and the rest of the queue is renumbered so no hole is left.
   */
  setAside(listId: string, refused: Map<string, { reason: string; detail: string }>): Promise<Rejection[]> {
    return transact(this.db, ALL, 'readwrite', async (tx) => {
      const list = await ensureList(tx, listId);
      const rows = await pendingRows(tx, listId);
      const out: Rejection[] = [];
      for (const row of rows) {
        const why = refused.get(row.eventId);
        if (!why) continue;
        tx.objectStore(SET_ASIDE).put({ eventId: row.eventId, listId, event: row.event, ...why });
        tx.objectStore(PENDING).delete(row.eventId);
        const rejection: RejectionRow = { listId, eventId: row.eventId, clientSeq: row.clientSeq, type: row.event.type,
          reason: why.reason, detail: why.detail, listVersion: 0, dismissed: false };
        tx.objectStore(REJECTIONS).put(rejection);
        out.push(strip(rejection));
      }
      await renumber(tx, list, rows.filter((r) => !refused.has(r.eventId)).map((r) => r.event));
      return out;
    });
  }

  /** Rejections not dismissed yet, oldest first. */
  rejections(): Promise<Rejection[]> {
    return transact(this.db, [REJECTIONS], 'readonly', async (tx) => {
      const rows = await request(tx.objectStore(REJECTIONS).getAll()) as RejectionRow[];
      return rows.filter((r) => !r.dismissed).sort((a, b) => a.listVersion - b.listVersion).map(strip);
    });
  }

  dismissRejection(eventId: string): Promise<void> {
    return transact(this.db, [REJECTIONS], 'readwrite', async (tx) => {
      const row = await request(tx.objectStore(REJECTIONS).get(eventId)) as RejectionRow | undefined;
      if (row) tx.objectStore(REJECTIONS).put({ ...row, dismissed: true });
    });
  }

  /** The tab-leadership lease for browsers without Web Locks (tabs/leadership.ts). */
  claimLease(tab: string, now: number, ttlMs: number): Promise<boolean> {
    return transact(this.db, [META], 'readwrite', async (tx) => {
      const row = await request(tx.objectStore(META).get('leader')) as { tab: string; until: number } | undefined;
      if (row && row.tab !== tab && row.until > now) return false;
      tx.objectStore(META).put({ key: 'leader', tab, until: now + ttlMs });
      return true;
    });
  }

  releaseLease(tab: string): Promise<void> {
    return transact(this.db, [META], 'readwrite', async (tx) => {
      const row = await request(tx.objectStore(META).get('leader')) as { tab: string } | undefined;
      if (row?.tab === tab) tx.objectStore(META).delete('leader');
    });
  }

  /** The user lost access to the list: its log and queue go, its row stays marked so the app can say so. */
  markRemoved(listId: string): Promise<void> {
    return transact(this.db, ALL, 'readwrite', async (tx) => {
      const list = await ensureList(tx, listId);
      tx.objectStore(LOG).delete(IDBKeyRange.bound([listId, 0], [listId, Number.MAX_SAFE_INTEGER]));
      for (const row of await pendingRows(tx, listId)) tx.objectStore(PENDING).delete(row.eventId);
      tx.objectStore(LISTS).put({ ...list, cursor: 0, head: 0, removed: true });
    });
  }
}

async function ensureList(tx: IDBTransaction, listId: string): Promise<StoredList> {
  const lists = tx.objectStore(LISTS);
  const found = await request(lists.get(listId)) as StoredList | undefined;
  if (found) return found;
  const fresh: StoredList = { listId, cursor: 0, head: 0, nextClientSeq: 1, serverClientSeq: 0, removed: false };
  lists.put(fresh);
  return fresh;
}

async function readClock(tx: IDBTransaction): Promise<Hlc | undefined> {
  const row = await request(tx.objectStore(META).get('clock')) as { value: Hlc } | undefined;
  return row?.value;
}

async function pendingRows(tx: IDBTransaction, listId: string): Promise<PendingRow[]> {
  const range = IDBKeyRange.bound([listId, 0], [listId, Number.MAX_SAFE_INTEGER]);
  return await request(tx.objectStore(PENDING).index('byList').getAll(range)) as PendingRow[];
}

/** Renumbers the queue when the server's numbering asks for it (Renumbering); saves the list row either way. */
async function renumber(tx: IDBTransaction, list: StoredList, pending: ClientEvent[]): Promise<boolean> {
  const plan = planRenumbering(pending.sort((a, b) => a.clientSeq - b.clientSeq), list.serverClientSeq,
      list.nextClientSeq, () => crypto.randomUUID());
  for (const old of plan.moved) tx.objectStore(PENDING).delete(old.eventId);
  for (const event of plan.renumbered) {
    tx.objectStore(PENDING).put({ listId: list.listId, eventId: event.eventId, clientSeq: event.clientSeq, event });
  }
  tx.objectStore(LISTS).put({ ...list, nextClientSeq: plan.nextClientSeq });
  return plan.moved.length > 0;
}

/** Port of `ServerSeq`: the last clientSeq the server consumed for this device as of one of its entries. */
function consumedSeq(entry: WireEntry): number {
  if (entry.type !== 'Rejected') return entry.clientSeq;
  const consumes = entry.reason === 'gap' || entry.reason === 'seq-reused' ? false
      : entry.reason === 'list-limit' ? entry.limit !== 'clients'
      : !(entry.reason === 'forbidden' && entry.foreignClient);
  if (consumes) return entry.clientSeq;
  return entry.expectedClientSeq != null ? entry.expectedClientSeq - 1 : 0;
}

function explain(entry: LogEntry): string {
  switch (entry.reason) {
    case 'forbidden': return 'your role on the list does not allow it';
    case 'last-owner': return 'the list would have no owner left';
    case 'list-limit': return `the list's ${entry.limit ?? '?'} limit is reached`;
    case 'unknown-list': return 'the list does not exist';
    case 'list-exists': return 'a list with this id exists already';
    default: return entry.reason ?? 'rejected';
  }
}

function strip(row: RejectionRow): Rejection {
  const { listId, eventId, clientSeq, type, reason, detail } = row;
  return { listId, eventId, clientSeq, type, reason, detail };
}
