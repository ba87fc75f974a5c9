/**
 * What the leading tab runs: the push loop (at once after an edit of any tab, after the log asks for a resend,
 * when the browser says it is online again, and every 20 s) and the following of the held lists, by live streams
 * (one per 100 lists, the server's bound per stream) or, after falling back, by one long-poll per list. Lists
 * without a confirmed entry yet are not
 * streamed (the stream would answer `removed` for a list the server does not know): they are read by the
 * fenced catch-up after their push.
 */
import type { Rejection } from '../api.ts';
import { HttpStatusError, Unreachable, type SyncHttp } from '../net/sync-http.ts';
import { retryDelay, sleep, type RetryPolicy } from '../net/retry.ts';
import type { LocalStore } from '../store/local-store.ts';
import { LiveStream, type StreamSettings } from './live-stream.ts';
import type { Puller } from './puller.ts';
import type { Pusher } from './pusher.ts';

export const PUSH_ROUND_MS = 20_000;
export const MAX_STREAMED_LISTS = 100;
/** Streams one device opens at most: the query-api's default MAX_STREAMS_PER_USER (so 1,600 followed lists). */
export const MAX_STREAMS = 16;

export interface LoopHooks {
  busy(delta: 1 | -1): void;
  reachable(ok: boolean, error?: string): void;
  transport(t: 'live' | 'long-poll' | 'none'): void;
  surfaced(rejections: Rejection[]): Promise<void>;
  removed(listId: string): Promise<void>;
  /** a list's confirmed state is up to date after a catch-up: compare digests with the server */
  caughtUp(listId: string): Promise<void>;
}

export class LeaderLoops {
  private readonly ctrl = new AbortController();
  private wanted = true;
  private wakePush: (() => void) | null = null;
  /** stream i carries the streamable lists i*100 .. i*100+99 in listId order */
  private readonly streams: LiveStream[] = [];
  /** aborted when the device falls back to long-polls: every stream stops */
  private readonly streamsCtrl = new AbortController();
  private longPolling = false;
  private readonly polled = new Set<string>();
  private readonly running: Promise<unknown>[] = [];

  constructor(private readonly store: LocalStore, private readonly http: SyncHttp, private readonly pusher: Pusher,
              private readonly puller: Puller, private readonly retry: RetryPolicy,
              private readonly streamSettings: StreamSettings,
              private readonly longPollWaitMs: number, private readonly hooks: LoopHooks, parent: AbortSignal) {
    parent.addEventListener('abort', () => this.ctrl.abort(), { once: true });
    this.ctrl.signal.addEventListener('abort', () => this.streamsCtrl.abort(), { once: true });
  }

  private newStream(index: number): LiveStream {
    return new LiveStream(this.http, this.streamSettings, {
      cursors: () => this.streamedCursors(index),
      apply: (listId, entries) => this.puller.applyStreamed(listId, entries),
      removed: (listId) => this.hooks.removed(listId),
      opened: () => { this.hooks.reachable(true); this.hooks.transport('live'); },
      fallBack: () => { this.hooks.transport('long-poll'); },
      failed: (message, unreachable) => { if (unreachable) this.hooks.reachable(false, message); },
    }, this.streamsCtrl.signal);
  }

  get signal(): AbortSignal {
    return this.ctrl.signal;
  }

  start(): void {
    this.running.push(this.pushLoop(), this.catchUpAll().then(() => this.follow()));
  }

  async stop(): Promise<void> {
    this.ctrl.abort();
    this.wakePush?.();
    await Promise.allSettled(this.running);
  }

  /** Something to push (an edit, a resend): push at once. */
  push(): void {
    this.wanted = true;
    this.wakePush?.();
  }

  /** The held lists changed (a new one, one gone, one got its first entries): carry the new set. */
  retarget(): void {
    if (this.longPolling) void this.startPolls();
    else void this.growStreams().then(() => this.streams.forEach((stream) => stream.retarget()));
  }

  /** Pushes every list, then reads each with its fence: what `syncNow` does in the leader. */
  async syncNow(): Promise<void> {
    for (const list of await this.heldLists()) await this.pushAndRead(list.listId, true);
  }

  private async pushLoop(): Promise<void> {
    let failures = 0;
    while (!this.ctrl.signal.aborted) {
      if (!this.wanted) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, PUSH_ROUND_MS); // edits another tab made while this one missed the message
          this.wakePush = () => { clearTimeout(timer); resolve(); };
        });
        this.wakePush = null;
      }
      this.wanted = false;
      if (this.ctrl.signal.aborted) return;
      try {
        for (const list of await this.heldLists()) {
          if (await this.pusher.hasUnsent(list.listId)) await this.pushAndRead(list.listId, false);
        }
        failures = 0;
      } catch (e) {
        if (this.ctrl.signal.aborted) return;
        this.hooks.reachable(!(e instanceof Unreachable), describe(e));
        await sleep(retryDelay(this.retry, ++failures), this.ctrl.signal);
        this.wanted = true; // a failed round is retried after the backoff, not waited out
      }
    }
  }

  private async pushAndRead(listId: string, always: boolean): Promise<void> {
    this.hooks.busy(1);
    try {
      const pushed = await this.pusher.push(listId);
      this.hooks.reachable(true, pushed.refusal ?? undefined);
      if (pushed.setAside.length) await this.hooks.surfaced(pushed.setAside);
      if (pushed.pushed > 0 || always) {
        const before = (await this.store.list(listId))?.cursor ?? 0;
        const read = await this.puller.pullAll(listId, pushed.fence);
        if (read.missing && always && !(await this.store.pending(listId)).length && before > 0) await this.hooks.removed(listId);
        if (before === 0 && ((await this.store.list(listId))?.cursor ?? 0) > 0) this.retarget(); // now streamable
      }
    } finally {
      this.hooks.busy(-1);
    }
  }

  /** A first catch-up of every held list (it also learns how far this device's numbering got). */
  private async catchUpAll(): Promise<void> {
    for (const list of await this.heldLists()) {
      if (this.ctrl.signal.aborted) return;
      if (list.cursor === 0) continue; // nothing confirmed yet: read after its push
      this.hooks.busy(1);
      try {
        const read = await this.puller.pullAll(list.listId);
        this.hooks.reachable(true);
        if (read.missing) await this.hooks.removed(list.listId);
        else await this.hooks.caughtUp(list.listId);
      } catch (e) {
        if (this.ctrl.signal.aborted) return;
        this.hooks.reachable(!(e instanceof Unreachable), describe(e));
        if (e instanceof Unreachable) return; // offline: the stream's backlog catches up once it can connect
      } finally {
        this.hooks.busy(-1);
      }
    }
  }

  private follow(): Promise<void> {
    return this.growStreams();
  }

  /** As many streams as the streamable lists need (at least one, at most MAX_STREAMS), each started once. */
  private async growStreams(): Promise<void> {
    const needed = Math.max(1, Math.ceil((await this.streamableLists()).length / MAX_STREAMED_LISTS));
    // synchronous from here: two calls cannot both add the same stream
    while (this.streams.length < Math.min(needed, MAX_STREAMS) && !this.longPolling && !this.ctrl.signal.aborted) {
      const stream = this.newStream(this.streams.length);
      this.streams.push(stream);
      this.running.push(this.runStream(stream));
    }
  }

  /** A stream that finds no stream to be had (see LiveStream) moves the whole device to long-polls, as the Java SDK does. */
  private async runStream(stream: LiveStream): Promise<void> {
    const reason = await stream.run();
    if (reason == null || this.ctrl.signal.aborted || this.longPolling) return;
    this.longPolling = true;
    this.streamsCtrl.abort();
    await this.startPolls();
  }

  private async startPolls(): Promise<void> {
    for (const { listId } of await this.streamableLists()) {
      if (this.polled.has(listId)) continue;
      this.polled.add(listId);
      this.running.push(this.pollLoop(listId));
    }
  }

  private async pollLoop(listId: string): Promise<void> {
    let failures = 0;
    while (!this.ctrl.signal.aborted) {
      try {
        const page = await this.puller.pollOnce(listId, this.longPollWaitMs);
        this.hooks.reachable(true);
        failures = 0;
        if (!page) { await this.hooks.removed(listId); break; }
      } catch (e) {
        if (this.ctrl.signal.aborted) break;
        this.hooks.reachable(!(e instanceof Unreachable), describe(e));
        const retryAfter = e instanceof HttpStatusError ? e.retryAfterMs : null;
        await sleep(retryDelay(this.retry, ++failures, retryAfter), this.ctrl.signal);
      }
    }
    this.polled.delete(listId);
  }

  private async heldLists() {
    return (await this.store.lists()).filter((l) => !l.removed);
  }

  /** Held lists with at least one confirmed entry, in listId order. */
  private async streamableLists() {
    return (await this.heldLists()).filter((l) => l.cursor > 0).sort((a, b) => (a.listId < b.listId ? -1 : a.listId > b.listId ? 1 : 0));
  }

  private async streamedCursors(index: number): Promise<Map<string, number>> {
    const lists = (await this.streamableLists()).slice(index * MAX_STREAMED_LISTS, (index + 1) * MAX_STREAMED_LISTS);
    return new Map(lists.map((l) => [l.listId, l.cursor]));
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
