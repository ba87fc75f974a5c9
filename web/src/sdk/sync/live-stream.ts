/**
 * The one live stream of the leading tab (`GET /v1/stream`, read with fetch): opened for the lists the device
 * follows, each from its cursor; entries applied like catch-up pages; reopened from the cursors when the
 * followed lists change (`retarget`), when the server says `closed` (after a short random pause: the instance
 * is going away and every device reconnects), or when it ends or falls silent (no heartbeat, with backoff).
 * As the Java SDK decides, no stream is to be had (a 4xx, a body that is not an event stream, no first bytes
 * within 5 s: a buffering proxy) means falling back to long-polls for good.
 */
import type { LogEntry } from '../../domain/index.ts';
import { HttpStatusError, type SyncHttp } from '../net/sync-http.ts';
import { parseRetryAfter, retryDelay, sleep, type RetryPolicy } from '../net/retry.ts';
import { SseParser, type ServerSentEvent } from '../net/sse.ts';

export interface StreamSettings {
  /** no bytes within this long of asking: fall back to long-polls */
  firstBytesMs: number;
  /** no bytes (not even a heartbeat, sent every 15 s) for this long: reconnect */
  silenceMs: number;
  reconnect: RetryPolicy;
}

export const DEFAULT_STREAM: StreamSettings = {
  firstBytesMs: 5000, silenceMs: 45_000, reconnect: { maxAttempts: Number.MAX_SAFE_INTEGER, baseMs: 500, maxMs: 30_000 },
};

export interface StreamHooks {
  /** listId -> last listVersion held, for the lists to carry (at most 100) */
  cursors(): Promise<Map<string, number>>;
  apply(listId: string, entries: LogEntry[]): Promise<void>;
  removed(listId: string): Promise<void>;
  opened(): void;
  fallBack(reason: string): void;
  failed(message: string, unreachable: boolean): void;
}

type Ending = 'retargeted' | 'closed' | 'ended' | 'silent' | 'no-first-bytes';

export class LiveStream {
  private current: AbortController | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly http: SyncHttp, private readonly settings: StreamSettings,
              private readonly hooks: StreamHooks, private readonly signal: AbortSignal) {}

  /** The lists to carry changed: drop the connection so the loop reopens it with the new cursors. */
  retarget(): void {
    this.current?.abort('retarget');
    this.wake?.();
    this.pause?.abort(); // back online, or new lists: no reason to wait out a backoff
  }

  private pause: AbortController | null = null;

  /** Runs until stopped or fallen back; returns why it stopped following (null: stopped). */
  async run(): Promise<string | null> {
    let failures = 0;
    while (!this.signal.aborted) {
      const cursors = await this.hooks.cursors();
      if (cursors.size === 0) {
        await new Promise<void>((resolve) => { this.wake = resolve; this.signal.addEventListener('abort', () => resolve(), { once: true }); });
        this.wake = null;
        continue;
      }
      let pause = 0;
      try {
        const { ending, delivered } = await this.connect(cursors);
        if (ending === 'no-first-bytes') return this.fallBack(`no bytes within ${this.settings.firstBytesMs} ms of asking for the stream`);
        if (ending === 'retargeted') continue;
        if (delivered) failures = 0;
        failures++;
        pause = ending === 'closed' ? Math.random() * 1000 : retryDelay(this.settings.reconnect, failures);
      } catch (e) {
        if (this.signal.aborted) break;
        if (e instanceof FallBack) return this.fallBack(e.message);
        failures++;
        const retryAfter = e instanceof HttpStatusError ? e.retryAfterMs : null;
        pause = retryAfter != null ? Math.min(retryAfter, 300_000) : retryDelay(this.settings.reconnect, failures);
        this.hooks.failed(`live stream: ${(e as Error).message}`, !(e instanceof HttpStatusError));
      }
      const ctrl = new AbortController();
      this.pause = ctrl;
      const stop = () => ctrl.abort();
      this.signal.addEventListener('abort', stop, { once: true });
      await sleep(pause, ctrl.signal);
      this.signal.removeEventListener('abort', stop);
      this.pause = null;
    }
    return null;
  }

  private fallBack(reason: string): string {
    this.hooks.fallBack(reason);
    return reason;
  }

  private async connect(cursors: Map<string, number>): Promise<{ ending: Ending; delivered: boolean }> {
    const ctrl = new AbortController();
    this.current = ctrl;
    const stop = () => ctrl.abort('stopped');
    this.signal.addEventListener('abort', stop, { once: true });
    let gotBytes = false;
    let timer = setTimeout(() => ctrl.abort('no-first-bytes'), this.settings.firstBytesMs);
    const quiet = () => { clearTimeout(timer); timer = setTimeout(() => ctrl.abort('silent'), this.settings.silenceMs); };
    let delivered = false;
    try {
      const res = await this.http.openStream(cursors, ctrl.signal);
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel();
        throw new HttpStatusError(res.status, `the stream answered ${res.status}`, parseRetryAfter(res.headers.get('retry-after')));
      }
      if (!res.ok || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream') || !res.body) {
        await res.body?.cancel();
        throw new FallBack(res.ok ? 'the stream answered with something other than an event stream'
            : `the stream answered ${res.status}`);
      }
      this.hooks.opened();
      const reader = res.body.getReader();
      const parser = new SseParser();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { ending: this.aborted(ctrl, gotBytes) ?? 'ended', delivered };
        if (!gotBytes) gotBytes = true;
        quiet();
        const events = parser.push(value);
        if (await this.dispatch(events)) return { ending: 'closed', delivered };
        delivered ||= events.some((e) => e.event === 'entry');
      }
    } catch (e) {
      const ending = this.aborted(ctrl, gotBytes);
      if (ending) return { ending, delivered };
      throw e;
    } finally {
      clearTimeout(timer);
      this.signal.removeEventListener('abort', stop);
      ctrl.abort('done');
      if (this.current === ctrl) this.current = null;
    }
  }

  /** Why this side ended the connection, if it did (a body may end or fail when aborted, depending on the fetch). */
  private aborted(ctrl: AbortController, gotBytes: boolean): Ending | null {
    const why: unknown = ctrl.signal.reason;
    if (why === 'retarget' || why === 'stopped') return 'retargeted';
    if (why === 'no-first-bytes' && !gotBytes) return 'no-first-bytes';
    if (why === 'silent') return 'silent';
    return null;
  }

  /** Applies what one chunk brought, grouped per list; true when the server said it closes the stream. */
  private async dispatch(events: ServerSentEvent[]): Promise<boolean> {
    const batch = new Map<string, LogEntry[]>();
    let closed = false;
    for (const event of events) {
      if (event.event === 'entry') {
        const entry = JSON.parse(event.data) as LogEntry & { listId: string };
        const list = batch.get(entry.listId) ?? [];
        list.push(entry);
        batch.set(entry.listId, list);
      } else if (event.event === 'removed') {
        const { listId } = JSON.parse(event.data) as { listId: string };
        batch.delete(listId);
        await this.hooks.removed(listId);
      } else if (event.event === 'closed') {
        closed = true;
      } // heartbeat: its bytes kept the watchdog quiet, nothing else to do
    }
    for (const [listId, entries] of batch) await this.hooks.apply(listId, entries);
    return closed;
  }
}

class FallBack extends Error {}
