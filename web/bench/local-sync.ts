/**
 * A `Sync` with no server and no IndexedDB, for the bench and for trying the app by hand: the SDK's own fold and
 * view path (`ListFolds`, `Edits`, the domain's `TodoList`) over a log held in memory. Every edit is accepted at
 * once as the next log entry; `receive` feeds entries as if another device's edits came in from the stream.
 * Not shipped: only bench/page.ts bundles it.
 */
import { HybridClock, type LogEntry, type Policy, type Role } from '../src/domain/index.ts';
import type {
  DerivedList, Derivation, ItemHistory, ListSummary, ListView, ProjectionRef, Rejection, ServerProjections, ServerState, Sync, SyncEvent,
  SyncStatus,
} from '../src/sdk/api.ts';
import { Edits, type EventBody } from '../src/sdk/sync/edits.ts';
import { ListFolds } from '../src/sdk/sync/list-folds.ts';

export class LocalSync implements Sync {
  readonly clientId: string;
  private readonly folds: ListFolds;
  private readonly edits: Edits;
  private readonly clock = new HybridClock();
  private readonly seqs = new Map<string, number>();
  private readonly listeners = new Set<(e: SyncEvent) => void>();
  private surfaced: Rejection[] = [];
  private current: SyncStatus;

  constructor(readonly user: string, clientId = `${user}-bench`) {
    this.clientId = clientId;
    this.current = { connection: 'online', pending: 0, leader: true, user, lastError: null, transport: 'live' };
    this.folds = new ListFolds(clientId, user);
    this.edits = new Edits(clientId);
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  status(): SyncStatus { return { ...this.current }; }
  /** Pretends the connection changed (for trying the status indicator). */
  setStatus(change: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...change };
    this.emit({ kind: 'status' });
  }
  subscribe(listener: (event: SyncEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }
  emit(event: SyncEvent): void {
    for (const l of this.listeners) l(event);
  }

  async lists(): Promise<ListSummary[]> {
    return this.folds.ids().map(listId => this.folds.view(listId)!).filter(Boolean)
      .map(v => ({ listId: v.listId, title: v.title, role: v.role, listVersion: v.listVersion, local: false }));
  }
  async open(listId: string): Promise<ListView | null> { return this.folds.view(listId); }
  view(listId: string): ListView | null { return this.folds.view(listId); }

  /** Holds a list from a whole log at once (as the SDK does when it loads a list from IndexedDB). */
  load(listId: string, log: LogEntry[]): void {
    this.folds.load(listId, log, []);
    this.emit({ kind: 'lists' });
  }
  /** Entries arriving from elsewhere, in listVersion order: folded, then one `list` event each, as the SDK emits. */
  receive(listId: string, entries: LogEntry[]): void {
    this.folds.advance(listId, entries, []);
    this.emit({ kind: 'list', listId });
  }
  version(listId: string): number { return this.folds.confirmedVersion(listId); }
  confirmed(listId: string) { return this.folds.confirmed(listId); }

  private accept(listId: string, body: EventBody): void {
    const clientSeq = (this.seqs.get(listId) ?? 0) + 1;
    this.seqs.set(listId, clientSeq);
    const entry: LogEntry = { ...body, listVersion: this.version(listId) + 1, clientId: this.clientId, userId: this.user,
      eventId: crypto.randomUUID(), clientSeq, at: this.clock.now() };
    if (!this.folds.has(listId)) this.folds.load(listId, [entry], []);
    else this.folds.advance(listId, [entry], []);
    this.emit({ kind: 'list', listId });
  }
  private list(listId: string) {
    const list = this.folds.optimistic(listId);
    if (!list) throw new Error(`no list ${listId}`);
    return list;
  }

  async createList(listId: string, title: string, policy: Policy): Promise<void> {
    this.accept(listId, this.edits.createList(title, policy));
    this.emit({ kind: 'lists' });
  }
  async renameList(listId: string, title: string): Promise<void> { this.accept(listId, this.edits.renameList(title)); }
  async addItem(listId: string, title: string): Promise<string> {
    const itemId = 'i' + crypto.randomUUID().replaceAll('-', '').slice(0, 20);
    this.accept(listId, this.edits.addItem(this.list(listId), itemId, title));
    return itemId;
  }
  async renameItem(listId: string, itemId: string, title: string): Promise<void> {
    this.accept(listId, this.edits.renameItem(this.list(listId), itemId, title));
  }
  async setCompleted(listId: string, itemId: string, completed: boolean): Promise<void> {
    this.accept(listId, this.edits.setCompleted(this.list(listId), itemId, completed));
  }
  async deleteItem(listId: string, itemId: string): Promise<void> {
    this.accept(listId, this.edits.deleteItem(this.list(listId), itemId));
  }
  async resolve(listId: string, itemId: string, register: 'title' | 'completed', value: string | boolean): Promise<void> {
    if (register === 'title') await this.renameItem(listId, itemId, String(value));
    else await this.setCompleted(listId, itemId, value === true);
  }
  async share(listId: string, member: string, role: Role): Promise<void> { this.accept(listId, this.edits.share(member, role)); }
  async unshare(listId: string, member: string): Promise<void> { this.accept(listId, this.edits.unshare(member)); }
  async history(): Promise<ItemHistory> { throw new Error('there is no server in the bench'); }
  projection(): ProjectionRef { return { name: 'v1', id: 'todo-list', version: 1 }; }
  derive(listId: string): DerivedList | null { return this.folds.derived(listId); }
  derivation(): Derivation | null { return null; }
  async serverProjections(): Promise<ServerProjections> { throw new Error('there is no server in the bench'); }
  async serverState(): Promise<ServerState | null> { throw new Error('there is no server in the bench'); }
  rejections(): Rejection[] { return [...this.surfaced]; }
  /** A refused edit, as the SDK surfaces one (for trying the rejections panel). */
  reject(rejection: Rejection): void {
    this.surfaced.push(rejection);
    this.emit({ kind: 'rejection', rejection });
  }
  dismissRejection(eventId: string): void { this.surfaced = this.surfaced.filter(r => r.eventId !== eventId); }
  async syncNow(): Promise<void> {}
}
