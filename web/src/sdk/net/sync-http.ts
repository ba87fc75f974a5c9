/**
 * The platform's HTTP API as the SDK uses it (PROTOCOL.md): push to the gateway; catch-up, state, the user's
 * lists, explain and the live stream from the query-api. Every request carries the access token. A network
 * failure throws `Unreachable`; statuses are returned as data for the callers to decide.
 */
import type { ClientEvent, LogEntry, Policy, Role } from '../../domain/index.ts';
import type { Auth, ItemHistory, ServerProjections, ServerState, WebConfig } from '../api.ts';
import { parseRetryAfter } from './retry.ts';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class Unreachable extends Error {}

/** A 4xx other than 404 or a 5xx on a read: the server answered but not with what was asked. */
export class HttpStatusError extends Error {
  constructor(readonly status: number, message: string, readonly retryAfterMs: number | null = null) { super(message); }
}

export type PushOutcome =
  | { kind: 'accepted'; accepted: number; fence: string | null }
  /** 429 or 5xx: nothing to be assumed written; send the same events again */
  | { kind: 'retry'; status: number; retryAfterMs: number | null }
  /** another 4xx: sending the same batch again will not help */
  | { kind: 'refused'; status: number; body: string };

export interface CatchUpPage {
  listId: string; head: number; next: number; upToDate: boolean;
  clientSeqs: Record<string, number>; events: LogEntry[]; fenceReached?: boolean;
}

export interface ListState {
  listId: string; title: string; policy: Policy; listVersion: number; projection?: string; stateHash?: string;
  members?: Record<string, Role>; clientSeqs?: Record<string, number>;
}

/** `title` is null while the list's state is not served yet. */
export interface ServerListSummary { listId: string; title: string | null; role: Role; listVersion: number }

export class SyncHttp {
  constructor(private readonly config: WebConfig, private readonly auth: Auth, private readonly fetcher: Fetch) {}

  async push(listId: string, clientId: string, events: ClientEvent[]): Promise<PushOutcome> {
    const res = await this.call(`${this.config.gatewayUrl}/v1/lists/${enc(listId)}/events`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId, events }),
    });
    if (res.status === 202 || res.status === 200) {
      const body = await res.json() as { accepted?: number; fence?: string };
      return { kind: 'accepted', accepted: body.accepted ?? events.length, fence: body.fence ?? null };
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      return { kind: 'retry', status: res.status, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) };
    }
    return { kind: 'refused', status: res.status, body: await res.text() };
  }

  /** One catch-up page; null when the list has no log for this user (404). */
  async pull(listId: string, after: number, limit: number, waitMs = 0, waitFor?: string | null): Promise<CatchUpPage | null> {
    const q = new URLSearchParams({ after: String(after), limit: String(limit) });
    if (waitMs > 0) q.set('waitMs', String(waitMs));
    if (waitFor) q.set('waitFor', waitFor);
    return this.readJson<CatchUpPage>(`${this.config.queryUrl}/v1/lists/${enc(listId)}/events?${q}`);
  }

  /** The list's state under the active projection, or under `projection` (e.g. v2, the one with a stateHash). */
  state(listId: string, projection?: string): Promise<ListState | null> {
    const version = projection ? `?projection=${enc(projection)}` : '';
    return this.readJson<ListState>(`${this.config.queryUrl}/v1/lists/${enc(listId)}${version}`);
  }

  /** The list's whole state body under `projection` (any projection's view fields); null when unknown (404). */
  stateUnder(listId: string, projection: string): Promise<ServerState | null> {
    return this.readJson<ServerState>(`${this.config.queryUrl}/v1/lists/${enc(listId)}?projection=${enc(projection)}`);
  }

  /** The projections the query-api serves and which is active. */
  async projections(): Promise<ServerProjections> {
    const body = await this.readJson<ServerProjections>(`${this.config.queryUrl}/v1/projections`);
    if (!body) throw new HttpStatusError(404, `${this.config.queryUrl}/v1/projections answered 404: a server without projections`);
    return body;
  }

  /** Every list the user may read (all pages). */
  async lists(): Promise<ServerListSummary[]> {
    const out: ServerListSummary[] = [];
    let after: string | null = null;
    for (;;) {
      const q = new URLSearchParams({ limit: '200' }); // the query-api's most per page
      if (after) q.set('after', after);
      const page = await this.readJson<{ lists: ServerListSummary[]; next?: string | null }>(`${this.config.queryUrl}/v1/lists?${q}`);
      if (!page) return out;
      out.push(...page.lists);
      if (!page.next || page.lists.length === 0 || page.next === after) return out;
      after = page.next;
    }
  }

  async history(listId: string, itemId: string): Promise<ItemHistory> {
    const body = await this.readJson<ItemHistory>(`${this.config.queryUrl}/v1/lists/${enc(listId)}/items/${enc(itemId)}/history`);
    if (!body) throw new HttpStatusError(404, `no item ${itemId} in list ${listId}`);
    return body;
  }

  /** Asks for the live stream of `cursors` (listId -> last listVersion held); the caller reads the body. */
  openStream(cursors: Map<string, number>, signal: AbortSignal): Promise<Response> {
    const lists = [...cursors].map(([id, v]) => `${id}:${v}`).join(',');
    return this.call(`${this.config.queryUrl}/v1/stream?lists=${encodeURIComponent(lists)}`,
        { headers: { accept: 'text/event-stream' }, signal });
  }

  private async readJson<T>(url: string): Promise<T | null> {
    const res = await this.call(url, { headers: { accept: 'application/json' } });
    if (res.status === 404) { await res.body?.cancel(); return null; }
    if (!res.ok) {
      const text = await res.text();
      throw new HttpStatusError(res.status, `${url.replace(/\?.*/, '')} answered ${res.status}: ${problemDetail(text)}`,
          parseRetryAfter(res.headers.get('retry-after')));
    }
    return await res.json() as T;
  }

  /** A 401 is sent again once when the session's token changed meanwhile (another tab refreshed it). */
  private async call(url: string, init: RequestInit): Promise<Response> {
    const token = await this.auth.accessToken();
    const res = await this.send(url, init, token);
    if (res.status !== 401) return res;
    const fresh = await this.auth.accessToken();
    if (fresh === token) return res;
    await res.body?.cancel();
    return this.send(url, init, fresh);
  }

  private async send(url: string, init: RequestInit, token: string): Promise<Response> {
    const headers = { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` };
    try {
      return await this.fetcher(url, { ...init, headers });
    } catch (e) {
      if (init.signal?.aborted) throw e;
      throw new Unreachable(`${new URL(url).origin} is unreachable: ${(e as Error).message}`);
    }
  }
}

/** A problem+json's detail, or the body itself, in one short line. */
export function problemDetail(body: string): string {
  try {
    const problem = JSON.parse(body) as { detail?: string; title?: string };
    return (problem.detail ?? problem.title ?? body).slice(0, 500);
  } catch {
    return body.slice(0, 500);
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}
