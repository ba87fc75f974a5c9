/**
 * The `Sync` of one tab: local edits go to IndexedDB as pending events (numbered in a readwrite transaction), the
 * view is the confirmed fold with the pending events over it, and the sync itself runs in the leading tab only
 * (LeaderLoops). Followers tell the leader about their edits and re-read what the leader stored, through the
 * BroadcastChannel, so every tab shows the same state and nothing is pushed twice.
 */
import { stateDigest, TodoListProjection, type LogEntry, type Projection, type TodoList } from '../../domain/index.ts';
import type {
  Auth, DerivedList, Derivation, ItemHistory, ListSummary, ListView, Policy, ProjectionRef, Rejection, Role, ServerProjections, ServerState,
  Sync, SyncEvent, SyncStatus, WebConfig,
} from '../api.ts';
import { SyncHttp, Unreachable, type Fetch } from '../net/sync-http.ts';
import { DEFAULT_RETRY, type RetryPolicy } from '../net/retry.ts';
import { LocalStore, type Appended } from '../store/local-store.ts';
import { leaseLeadership, webLocksLeadership, type Leadership, type LockManagerLike } from '../tabs/leadership.ts';
import { openTabChannel, type TabChannel, type TabMessage } from '../tabs/tab-channel.ts';
import { Edits, type EventBody } from './edits.ts';
import { LeaderLoops } from './leader-loops.ts';
import { DEFAULT_STREAM, type StreamSettings } from './live-stream.ts';
import { ListFolds } from './list-folds.ts';
import { Puller } from './puller.ts';
import { Pusher } from './pusher.ts';

/** What a host can swap (tests: fake-indexeddb, a fake server's fetch, no Web Locks). */
export interface SyncOptions {
  indexedDB?: IDBFactory;
  fetch?: Fetch;
  /** Web Locks; null forces the IndexedDB lease (the fallback for browsers without them) */
  locks?: LockManagerLike | null;
  retry?: RetryPolicy;
  stream?: Partial<StreamSettings>;
  /** how long one long-poll waits for entries (the server allows up to 30 s) */
  longPollWaitMs?: number;
  /** where `online`/`offline` events come from (a window); none in node */
  events?: EventTarget | null;
  /**
   * The app's derivation of a list's log (`sync.derive`), e.g. `TodoArchive` (src/projections/archive.ts); the
   * platform's v1 when left out. Started with another one than last time, the sync re-derives every local list.
   */
  projection?: Projection<any>; // any state shape: the app's projection, typed by the app
}

export class BrowserSync implements Sync {
  private store: LocalStore | null = null;
  private folds: ListFolds | null = null;
  private edits: Edits | null = null;
  private channel: TabChannel | null = null;
  private leadership: Leadership | null = null;
  private loops: LeaderLoops | null = null;
  private ctrl = new AbortController();
  private readonly listeners = new Set<(e: SyncEvent) => void>();
  private readonly http: SyncHttp;
  private state: SyncStatus = { connection: 'offline', pending: 0, leader: false, user: null, lastError: null, transport: 'none' };
  private reachable: boolean | null = null;
  private busy = 0;
  private surfaced: Rejection[] = [];
  private readonly tab = crypto.randomUUID();
  private readonly appProjection: Projection<unknown>;
  private rederived: Derivation | null = null;
  private readonly onOnline = () => { this.loops?.push(); this.loops?.retarget(); };
  private readonly onOffline = () => { this.reachable = false; this.refreshStatus(); };

  constructor(private readonly config: WebConfig, private readonly auth: Auth, private readonly options: SyncOptions = {}) {
    this.http = new SyncHttp(config, auth, options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
    this.appProjection = options.projection ?? TodoListProjection.V1;
  }

  get clientId(): string {
    return this.need().store.clientId;
  }

  async start(): Promise<void> {
    const user = this.auth.user;
    if (!user) throw new Error('not signed in: sign in before starting the sync');
    if (this.store) return;
    this.ctrl = new AbortController();
    const factory = this.options.indexedDB ?? globalThis.indexedDB;
    const store = await LocalStore.open(factory, user);
    this.store = store;
    this.folds = new ListFolds(store.clientId, user, this.appProjection);
    this.edits = new Edits(store.clientId);
    this.state = { ...this.state, user };
    await this.followProjection(store);
    this.surfaced = await store.rejections();
    this.channel = openTabChannel(user, (m) => void this.onTabMessage(m).catch((e) => this.fail(e)));
    const locks = this.options.locks === undefined ? (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks : this.options.locks;
    this.leadership = locks ? webLocksLeadership(locks, user) : leaseLeadership(store, this.tab);
    this.leadership.start(() => this.lead());
    this.channel.post({ t: 'hello' });
    this.options.events?.addEventListener('online', this.onOnline);
    this.options.events?.addEventListener('offline', this.onOffline);
    // a page opened offline says so at once instead of after its first failed request
    if (this.options.events && globalThis.navigator?.onLine === false) this.setReachable(false, 'the browser is offline');
    await this.refreshPending();
  }

  async stop(): Promise<void> {
    this.ctrl.abort();
    this.options.events?.removeEventListener('online', this.onOnline);
    this.options.events?.removeEventListener('offline', this.onOffline);
    await this.loops?.stop();
    await this.leadership?.stop();
    this.channel?.close();
    this.store?.close();
    this.loops = null;
    this.leadership = null;
    this.channel = null;
    this.store = null;
    this.folds = null;
    this.state = { ...this.state, leader: false, transport: 'none' };
  }

  status(): SyncStatus {
    return { ...this.state };
  }

  subscribe(listener: (event: SyncEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async lists(): Promise<ListSummary[]> {
    const { store, folds } = this.need();
    const out = new Map<string, ListSummary>();
    for (const held of await store.lists()) {
      if (held.removed) continue;
      if (!folds.has(held.listId)) await this.load(held.listId);
      const view = folds.view(held.listId);
      if (view) out.set(held.listId, { listId: held.listId, title: view.title, role: view.role, listVersion: view.listVersion, local: view.role === null });
    }
    try {
      for (const s of await this.http.lists()) {
        out.set(s.listId, { listId: s.listId, title: out.get(s.listId)?.title ?? s.title ?? s.listId, role: s.role, listVersion: s.listVersion, local: false });
      }
      this.setReachable(true);
    } catch (e) {
      if (!(e instanceof Unreachable)) throw e;
      this.setReachable(false, e.message);
    }
    return [...out.values()].sort((a, b) => a.title.localeCompare(b.title) || a.listId.localeCompare(b.listId));
  }

  async open(listId: string): Promise<ListView | null> {
    const { store, folds } = this.need();
    const held = await store.list(listId);
    if (held && !held.removed) {
      if (!folds.has(listId)) await this.load(listId);
      return folds.view(listId);
    }
    try {
      const read = await this.puller().pullAll(listId);
      this.setReachable(true);
      if (read.missing) return null;
    } catch (e) {
      if (!(e instanceof Unreachable)) throw e;
      this.setReachable(false, e.message);
      return null;
    }
    await this.load(listId);
    this.channel?.post({ t: 'follow', listId });
    this.loops?.retarget();
    void this.checkDigest(listId);
    return folds.view(listId);
  }

  view(listId: string): ListView | null {
    return this.folds?.view(listId) ?? null;
  }

  async createList(listId: string, title: string, policy: Policy): Promise<void> {
    const { folds } = this.need();
    if (folds.view(listId) || (await this.need().store.list(listId))?.cursor) throw new Error(`list ${listId} exists already`);
    await this.edit(listId, () => this.need().edits.createList(title, policy));
  }

  renameList(listId: string, title: string): Promise<void> {
    return this.edit(listId, () => this.need().edits.renameList(title));
  }

  async addItem(listId: string, title: string): Promise<string> {
    const itemId = 'i' + crypto.randomUUID().replaceAll('-', '').slice(0, 20);
    await this.edit(listId, (list) => this.need().edits.addItem(list, itemId, title));
    return itemId;
  }

  renameItem(listId: string, itemId: string, title: string): Promise<void> {
    return this.edit(listId, (list) => this.need().edits.renameItem(list, itemId, title));
  }

  setCompleted(listId: string, itemId: string, completed: boolean): Promise<void> {
    return this.edit(listId, (list) => this.need().edits.setCompleted(list, itemId, completed));
  }

  deleteItem(listId: string, itemId: string): Promise<void> {
    return this.edit(listId, (list) => this.need().edits.deleteItem(list, itemId));
  }

  /** A rename or a completion stamped by EditStamper dominates every sibling the device has seen: it settles them. */
  resolve(listId: string, itemId: string, register: 'title' | 'completed', value: string | boolean): Promise<void> {
    return register === 'title' ? this.renameItem(listId, itemId, String(value))
        : this.setCompleted(listId, itemId, value === true || value === 'true');
  }

  share(listId: string, member: string, role: Role): Promise<void> {
    return this.edit(listId, () => this.need().edits.share(member, role));
  }

  unshare(listId: string, member: string): Promise<void> {
    return this.edit(listId, () => this.need().edits.unshare(member));
  }

  history(listId: string, itemId: string): Promise<ItemHistory> {
    return this.http.history(listId, itemId);
  }

  rejections(): Rejection[] {
    return [...this.surfaced];
  }

  dismissRejection(eventId: string): void {
    this.surfaced = this.surfaced.filter((r) => r.eventId !== eventId);
    void this.store?.dismissRejection(eventId);
  }

  async syncNow(): Promise<void> {
    if (this.loops) return this.loops.syncNow();
    this.channel?.post({ t: 'sync' });
  }

  projection(): ProjectionRef {
    const { name, id, version } = this.appProjection;
    return { name, id, version };
  }

  derive(listId: string): DerivedList | null {
    return this.folds?.derived(listId) ?? null;
  }

  derivation(): Derivation | null {
    return this.rederived;
  }

  serverProjections(): Promise<ServerProjections> {
    return this.http.projections();
  }

  serverState(listId: string, projection?: string): Promise<ServerState | null> {
    return this.http.stateUnder(listId, projection ?? this.appProjection.name);
  }

  /**
   * When the app runs another projection than this profile ran last, every local list is folded again from its
   * stored log (IndexedDB, nothing downloaded) before anything else touches the folds, and that is reported once.
   * The same projection as last time re-derives nothing now: lists are folded when first shown, as always.
   */
  private async followProjection(store: LocalStore): Promise<void> {
    this.rederived = null;
    const current = this.projection();
    const previous = await store.projection();
    if (previous && previous.name === current.name && previous.id === current.id && previous.version === current.version) return;
    const started = performance.now();
    let lists = 0, entries = 0;
    for (const held of await store.lists()) {
      if (held.removed) continue;
      entries += await this.exclusive(async () => (await this.loadNow(held.listId)).length);
      lists++;
    }
    await store.setProjection(current);
    if (!previous && lists === 0) return; // a new profile: nothing was derived before
    this.rederived = { current, previous, lists, entries, ms: Math.round(performance.now() - started) };
    this.emit({ kind: 'derivation', derivation: this.rederived });
  }

  // ---- the leader ----

  private lead(): void {
    const { store } = this.need();
    this.state = { ...this.state, leader: true };
    const pusher = new Pusher(store, this.http, this.options.retry ?? DEFAULT_RETRY, this.ctrl.signal);
    this.pusherRef = pusher;
    this.loops = new LeaderLoops(store, this.http, pusher, this.puller(), this.options.retry ?? DEFAULT_RETRY,
        { ...DEFAULT_STREAM, ...this.options.stream }, this.options.longPollWaitMs ?? 25_000, {
          busy: (d) => { this.busy += d; this.refreshStatus(); },
          reachable: (ok, error) => this.setReachable(ok, error),
          transport: (t) => { this.state = { ...this.state, transport: t }; this.refreshStatus(); },
          surfaced: (rejections) => this.surface(rejections),
          removed: (listId) => this.removed(listId),
          caughtUp: (listId) => this.checkDigest(listId),
        }, this.ctrl.signal);
    this.loops.start();
    this.refreshStatus();
  }

  private pusherRef: Pusher | null = null;

  private puller(): Puller {
    return new Puller(this.need().store, this.http, this.options.retry ?? DEFAULT_RETRY,
        (listId, appended) => this.appended(listId, appended), this.ctrl.signal);
  }

  /** After entries were stored (by this tab): fold them, surface own rejections, tell the other tabs. */
  private async appended(listId: string, appended: Appended): Promise<void> {
    if (appended.resend) { this.pusherRef?.forget(listId); this.loops?.push(); }
    if (appended.entries.length || appended.settled || appended.renumbered) {
      await this.reread(listId); // first the view, then the news of a rejection: the app shows both agreeing
      this.channel?.post({ t: 'changed', listId });
    }
    if (appended.rejections.length) await this.surface(appended.rejections);
  }

  private async surface(rejections: Rejection[]): Promise<void> {
    for (const rejection of rejections) {
      this.channel?.post({ t: 'rejection', rejection });
      this.noteRejection(rejection);
    }
    await this.refreshPending();
  }

  private noteRejection(rejection: Rejection): void {
    if (this.surfaced.some((r) => r.eventId === rejection.eventId)) return;
    this.surfaced.push(rejection);
    this.emit({ kind: 'rejection', rejection });
  }

  private async removed(listId: string): Promise<void> {
    await this.need().store.markRemoved(listId);
    this.folds?.forget(listId);
    this.channel?.post({ t: 'removed', listId });
    this.emit({ kind: 'removed', listId });
    this.emit({ kind: 'lists' });
    await this.refreshPending();
  }

  /** Projection v2's stateHash against this device's own fold, when both are at the same listVersion. */
  private async checkDigest(listId: string): Promise<void> {
    const confirmed = this.folds?.confirmed(listId);
    if (!confirmed || !confirmed.created) return;
    try {
      // asked by version: v2 carries the stateHash whichever version is active (v1 by default has none)
      const state = await this.http.state(listId, 'v2');
      if (!state?.stateHash || state.listVersion !== confirmed.listVersion) return;
      const local = await stateDigest(confirmed);
      if (local !== state.stateHash) {
        this.emit({ kind: 'mismatch', mismatch: { listId, listVersion: state.listVersion, server: state.stateHash, local } });
      }
    } catch { /* a check, not a duty: the next catch-up tries again */ }
  }

  // ---- every tab ----

  /**
   * Every change of this tab's folds goes through one queue: an edit's fold update, a re-read after the leader
   * stored entries, a load. Otherwise a re-read that read the store before an edit committed could land after it
   * and hide the edit from the view until the next change.
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.serial.then(work);
    this.serial = run.then(() => undefined, () => undefined);
    return run;
  }

  private serial: Promise<void> = Promise.resolve();

  private async edit(listId: string, body: (list: TodoList) => EventBody): Promise<void> {
    const { store, folds } = this.need();
    const isNew = await this.exclusive(async () => {
      if (!folds.has(listId)) await this.loadNow(listId);
      const made = body(folds.optimistic(listId)!);
      const isNew = !(await store.list(listId));
      const event = await store.addPending(listId, (clientSeq, at) => ({ ...made, eventId: crypto.randomUUID(), clientSeq, at }));
      folds.addPending(listId, event);
      return isNew;
    });
    this.emit({ kind: 'list', listId });
    await this.refreshPending();
    if (isNew) this.emit({ kind: 'lists' });
    if (this.loops) this.loops.push();
    else this.channel?.post({ t: 'pending', listId });
    this.channel?.post({ t: 'changed', listId });
  }

  private async load(listId: string): Promise<void> {
    await this.exclusive(() => this.loadNow(listId));
  }

  /** Folds a list from its stored log and queue; returns the log. */
  private async loadNow(listId: string): Promise<LogEntry[]> {
    const { log, pending } = await this.need().store.read(listId);
    this.need().folds.load(listId, log, pending);
    return log;
  }

  /** Folds what the store gained since this tab last looked, and the current queue. */
  private async reread(listId: string): Promise<void> {
    const changed = await this.exclusive(async () => {
      const { store, folds } = this.need();
      if (!folds.has(listId)) return false;
      const { log, pending } = await store.read(listId, folds.confirmedVersion(listId));
      folds.advance(listId, log, pending);
      return true;
    });
    if (changed) this.emit({ kind: 'list', listId });
    await this.refreshPending();
  }

  private async onTabMessage(m: TabMessage): Promise<void> {
    if (!this.store) return;
    switch (m.t) {
      case 'pending': this.loops?.push(); break;
      case 'follow': this.loops?.retarget(); break;
      case 'hello': if (this.loops) this.postStatus(); break;
      case 'sync': await this.loops?.syncNow(); break;
      case 'changed': await this.reread(m.listId); break;
      case 'removed': this.folds?.forget(m.listId); this.emit({ kind: 'removed', listId: m.listId }); this.emit({ kind: 'lists' }); break;
      case 'rejection': this.noteRejection(m.rejection); break;
      case 'status':
        if (!this.loops) { this.state = { ...this.state, ...m.status }; this.emit({ kind: 'status' }); }
        break;
    }
  }

  private setReachable(ok: boolean, error?: string): void {
    this.reachable = ok;
    this.state = { ...this.state, lastError: error ?? (ok ? null : this.state.lastError) };
    this.refreshStatus();
  }

  /**
   * The pending count is read from the store after every change, never counted up or down here: an edit and a
   * settle in another tab can land in either order. Reads may finish out of order, so only the latest read started
   * may set the count (it started after the latest change committed, so it saw it).
   */
  private async refreshPending(): Promise<void> {
    if (!this.store) return;
    const read = ++this.pendingReads;
    const pending = await this.store.pendingCount();
    if (read !== this.pendingReads) return; // a later read is on its way with a newer count
    this.state = { ...this.state, pending };
    this.refreshStatus();
  }

  private pendingReads = 0;

  /**
   * Derives the connection and tells listeners (and, in the leader, the other tabs) when anything in the status
   * changed since they were last told. Callers set their fields first, so "changed" is measured against what was
   * last announced, not against the state at entry.
   */
  private refreshStatus(): void {
    if (this.loops) {
      const connection = this.reachable === false ? 'offline'
          : this.busy > 0 || this.state.pending > 0 || this.reachable === null ? 'syncing' : 'online';
      this.state = { ...this.state, connection };
    } else if (this.reachable === false) {
      this.state = { ...this.state, connection: 'offline' };
    }
    const now = JSON.stringify(this.state);
    if (now === this.announced) return;
    this.announced = now;
    if (this.loops) this.postStatus();
    this.emit({ kind: 'status' });
  }

  private announced = '';

  private postStatus(): void {
    this.channel?.post({ t: 'status', status: { connection: this.state.connection, transport: this.state.transport, lastError: this.state.lastError } });
  }

  private emit(event: SyncEvent): void {
    for (const listener of this.listeners) {
      try { listener(event); } catch (e) { console.error('a sync listener failed', e); }
    }
  }

  private fail(e: unknown): void {
    this.state = { ...this.state, lastError: e instanceof Error ? e.message : String(e) };
    this.emit({ kind: 'status' });
  }

  private need(): { store: LocalStore; folds: ListFolds; edits: Edits } {
    if (!this.store || !this.folds || !this.edits) throw new Error('the sync is not started');
    return { store: this.store, folds: this.folds, edits: this.edits };
  }
}
