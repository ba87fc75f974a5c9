/**
 * An in-process fake of the platform's HTTP API, given to the SDK as its `fetch` (no port, nothing left behind).
 * It sequences like the real one (PROTOCOL.md): per (list, client) the last clientSeq, duplicates dropped, gaps
 * and unknown lists rejected with `Rejected` entries, listVersion 1, 2, 3...; membership (owner on ListCreated,
 * non-members' writes `forbidden`, reads 404); catch-up with long-poll and the `waitFor` fence; state with an
 * optional stateHash; the live stream (SSE) from cursors. Faults are injected by the tests.
 */
import { foldWith, stateDigest, TodoList, type ClientEvent, type LogEntry, type Role } from '../../../src/domain/index.ts';
import { TodoArchive } from '../../../src/projections/archive.ts';
import type { Fetch } from '../../../src/sdk/net/sync-http.ts';

interface ServerList { log: LogEntry[]; lastSeq: Map<string, number>; owners: Map<string, string>; fold: TodoList }
interface Stream { user: string; cursors: Map<string, number>; controller: ReadableStreamDefaultController<Uint8Array>; closed: boolean }

export type StreamMode = 'sse' | 'not-found' | 'no-bytes' | 'html';

export class FakeServer {
  readonly lists = new Map<string, ServerList>();
  /** every request, as "METHOD path?query user" */
  readonly requests: string[] = [];
  /** the bodies of every push received, in order */
  readonly pushes: Array<{ user: string; clientId: string; events: ClientEvent[] }> = [];
  offline = false;
  streamMode: StreamMode = 'sse';
  /** answers the next pushes with this status (and Retry-After) before accepting */
  failPushes: Array<{ status: number; retryAfter?: string; body?: unknown }> = [];
  /** acknowledges the next pushes (202) but loses them, as a lost inbox record would: the next push meets a gap */
  losePushes = 0;
  /** a wrong stateHash, to provoke a mismatch */
  corruptStateHash = false;
  withStateHash = true;
  /** false: the gateway does not know roles yet, so only the sequencer's `forbidden` refuses */
  gatewayChecksRoles = true;
  /** the server's clock: each entry's serverMs */
  now: () => number = () => Date.now();
  private readonly streams = new Set<Stream>();
  private readonly waiters = new Set<() => void>();
  private readonly encoder = new TextEncoder();

  readonly fetch: Fetch = async (input, init) => {
    if (this.offline) throw new TypeError('fetch failed');
    const url = new URL(input);
    const method = init?.method ?? 'GET';
    const auth = new Headers(init?.headers).get('authorization') ?? '';
    const user = auth.startsWith('Bearer token-') ? auth.slice('Bearer token-'.length) : null;
    this.requests.push(`${method} ${url.pathname}${url.search} ${user}`);
    if (!user) return problem(401, 'no token');
    const path = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (method === 'POST' && path.length === 4 && path[3] === 'events') return this.push(user, path[2]!, init?.body as string);
    if (path[1] === 'stream') return this.stream(user, url, init?.signal ?? undefined);
    if (path.length === 2 && path[1] === 'projections') {
      return json(200, { active: 'v1', previous: null, projections: [{ name: 'v1', id: 'todo-list', version: 1 },
        { name: 'v2', id: 'todo-list', version: 2 }, { name: 'v3', id: 'todo-archive', version: 3 }] });
    }
    if (path.length === 2 && path[1] === 'lists') return this.userLists(user);
    if (path.length === 4 && path[3] === 'events') return this.catchUp(user, path[2]!, url.searchParams);
    if (path.length === 3) return this.state(user, path[2]!, url.searchParams.get('projection'));
    if (path.length === 6 && path[5] === 'history') return json(200, { listId: path[2], itemId: path[4], policy: 'lww', deleted: false, entries: [] });
    return problem(404, 'no such endpoint');
  };

  /** Appends events as a device of `user` would push them, bypassing HTTP (another device). */
  write(user: string, clientId: string, listId: string, events: ClientEvent[]): void {
    this.sequence(user, clientId, listId, events);
  }

  head(listId: string): number {
    return this.lists.get(listId)?.log.length ?? 0;
  }

  /** The list's state as the server folds it: what every device must converge to. */
  fold(listId: string): TodoList {
    return this.lists.get(listId)!.fold;
  }

  /** Ends every open stream (an instance going away), with or without saying `closed`. */
  dropStreams(sayClosed = false): void {
    for (const s of this.streams) {
      if (sayClosed) this.send(s, 'closed', null, '{}');
      this.end(s);
    }
  }

  openStreams(): number {
    return this.streams.size;
  }

  private push(user: string, listId: string, body: string): Response {
    const { clientId, events } = JSON.parse(body) as { clientId: string; events: ClientEvent[] };
    const fault = this.failPushes.shift();
    if (fault) {
      return fault.body ? json(fault.status, fault.body) : problem(fault.status, 'injected', fault.retryAfter);
    }
    const list = this.lists.get(listId);
    if (this.gatewayChecksRoles && list?.fold.created && !canWrite(list.fold.roleOf(user))) return problem(403, `${user} may not write ${listId}`);
    this.pushes.push({ user, clientId, events });
    if (this.losePushes > 0) this.losePushes--;
    else this.sequence(user, clientId, listId, events);
    const last = events.at(-1)!.clientSeq;
    return json(202, { listId, accepted: events.length, receipts: [], fence: `${clientId}:${last}` });
  }

  private sequence(user: string, clientId: string, listId: string, events: ClientEvent[]): void {
    let list = this.lists.get(listId);
    if (!list) this.lists.set(listId, list = { log: [], lastSeq: new Map(), owners: new Map(), fold: new TodoList(listId) });
    for (const event of events) {
      const last = list.lastSeq.get(clientId) ?? 0;
      if (event.clientSeq <= last) continue; // a duplicate: dropped
      const base = { listVersion: list.log.length + 1, clientId, serverMs: this.now(), userId: user, eventId: event.eventId, clientSeq: event.clientSeq };
      let entry: LogEntry;
      if (event.clientSeq > last + 1) {
        entry = { ...base, type: 'Rejected', reason: 'gap', expectedClientSeq: last + 1 };
      } else {
        list.lastSeq.set(clientId, event.clientSeq);
        const reason = !list.fold.created && event.type !== 'ListCreated' ? 'unknown-list'
            : list.fold.created && event.type === 'ListCreated' ? 'list-exists'
            : list.fold.created && !mayWrite(list.fold.roleOf(user), event.type) ? 'forbidden' : null;
        entry = reason ? { ...base, type: 'Rejected', reason } : { ...event, ...base };
      }
      list.log.push(entry);
      list.fold.apply(entry);
      for (const s of this.streams) {
        if (s.cursors.has(listId)) this.send(s, 'entry', `${listId}:${entry.listVersion}`, JSON.stringify({ ...entry, listId }));
      }
    }
    for (const wake of [...this.waiters]) wake();
  }

  private async catchUp(user: string, listId: string, q: URLSearchParams): Promise<Response> {
    const after = Number(q.get('after') ?? 0);
    const limit = Number(q.get('limit') ?? 500);
    const waitMs = Number(q.get('waitMs') ?? 0);
    const waitFor = q.get('waitFor');
    const fenceReached = () => {
      if (!waitFor) return true;
      const [client, seq] = waitFor.split(':');
      return (this.lists.get(listId)?.lastSeq.get(client!) ?? 0) >= Number(seq);
    };
    if (waitMs > 0) {
      await this.until(() => (waitFor ? fenceReached() : this.head(listId) > after), waitMs);
    }
    const list = this.lists.get(listId);
    if (!list || !this.mayRead(list, user)) return problem(404, `no list ${listId}`);
    const events = list.log.slice(after, after + limit);
    const next = events.at(-1)?.listVersion ?? after;
    const head = list.log.length;
    return json(200, { listId, head, next, upToDate: next >= head, clientSeqs: Object.fromEntries(list.lastSeq), events,
      ...(waitFor ? { fenceReached: fenceReached() } : {}) });
  }

  private async state(user: string, listId: string, projection: string | null): Promise<Response> {
    const list = this.lists.get(listId);
    if (!list || !list.fold.created || !this.mayRead(list, user)) return problem(404, `no list ${listId}`);
    const f = list.fold;
    if (projection === 'v3') { // as the query-api serves any projection: its facts, then the view's fields
      const source = { topic: 'todo.events', partition: 0, offset: f.listVersion - 1 };
      return json(200, { listId, projection, listVersion: f.listVersion, clientSeqs: Object.fromEntries(list.lastSeq), source,
        ...TodoArchive.view(foldWith(TodoArchive, listId, list.log)) });
    }
    const hash = this.withStateHash ? (this.corruptStateHash ? '0'.repeat(64) : await stateDigest(f)) : undefined;
    return json(200, { listId, title: f.title, policy: f.policy, listVersion: f.listVersion, projection: 'v2', stateHash: hash,
      members: f.members, clientSeqs: Object.fromEntries(list.lastSeq), items: f.visibleItems() });
  }

  private userLists(user: string): Response {
    const lists = [...this.lists.entries()].filter(([, l]) => l.fold.created && l.fold.roleOf(user))
        .map(([listId, l]) => ({ listId, title: l.fold.title, role: l.fold.roleOf(user), listVersion: l.fold.listVersion }));
    return json(200, { lists, next: null });
  }

  private stream(user: string, url: URL, signal?: AbortSignal): Response {
    if (this.streamMode === 'not-found') return problem(404, 'no stream here');
    if (this.streamMode === 'html') return new Response('<html></html>', { status: 200, headers: { 'content-type': 'text/html' } });
    const cursors = new Map((url.searchParams.get('lists') ?? '').split(',').filter(Boolean).map((p) => {
      const at = p.lastIndexOf(':');
      return [p.slice(0, at), Number(p.slice(at + 1))] as [string, number];
    }));
    const silent = this.streamMode === 'no-bytes';
    let stream!: Stream;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        stream = { user, cursors, controller, closed: false };
        signal?.addEventListener('abort', () => this.end(stream), { once: true });
        if (silent) return;
        this.streams.add(stream);
        for (const [listId, after] of cursors) {
          const list = this.lists.get(listId);
          if (!list || !this.mayRead(list, user)) { this.send(stream, 'removed', null, JSON.stringify({ listId })); cursors.delete(listId); continue; }
          for (const entry of list.log.slice(after)) this.send(stream, 'entry', `${listId}:${entry.listVersion}`, JSON.stringify({ ...entry, listId }));
        }
        this.send(stream, 'heartbeat', null, '{}');
      },
      cancel: () => this.end(stream),
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }

  /** Removes a member the way an owner would, and tells that user's streams. */
  removeMember(owner: string, ownerClient: string, listId: string, member: string): void {
    const seq = (this.lists.get(listId)!.lastSeq.get(ownerClient) ?? 0) + 1;
    this.write(owner, ownerClient, listId, [{ eventId: crypto.randomUUID(), clientSeq: seq, type: 'MemberRemoved', at: { ms: Date.now(), n: 0 }, member }]);
    for (const s of this.streams) {
      if (s.user === member && s.cursors.has(listId)) { this.send(s, 'removed', null, JSON.stringify({ listId })); s.cursors.delete(listId); }
    }
  }

  private mayRead(list: ServerList, user: string): boolean {
    return !list.fold.created || list.fold.roleOf(user) != null || list.log.some((e) => e.userId === user && e.type !== 'Rejected');
  }

  private send(s: Stream, event: string, id: string | null, data: string): void {
    if (s.closed) return;
    s.controller.enqueue(this.encoder.encode(`event: ${event}\n${id ? `id: ${id}\n` : ''}data: ${data}\n\n`));
  }

  private end(s: Stream): void {
    if (s.closed) return;
    s.closed = true;
    this.streams.delete(s);
    try { s.controller.close(); } catch { /* cancelled */ }
  }

  private until(condition: () => boolean, ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (condition()) return resolve();
      const done = () => { clearTimeout(timer); this.waiters.delete(check); resolve(); };
      const check = () => { if (condition()) done(); };
      const timer = setTimeout(done, ms);
      this.waiters.add(check);
    });
  }
}

function canWrite(role: Role | null): boolean {
  return role === 'owner' || role === 'editor';
}

function mayWrite(role: Role | null, type: string): boolean {
  return type.startsWith('Member') ? role === 'owner' : canWrite(role);
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function problem(status: number, detail: string, retryAfter?: string): Response {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (retryAfter) headers['retry-after'] = retryAfter;
  return new Response(JSON.stringify({ type: 'about:blank', title: 'error', status, detail }), { status, headers });
}
