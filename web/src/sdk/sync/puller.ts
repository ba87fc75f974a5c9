/**
 * Downloads a list's log after the device's cursor, page by page, into the store (port of the Java SDK's
 * `Puller`). Each page is one store transaction (append, move the cursor, settle pending events, note own
 * rejections). The first page of a pull may wait for a push's fence, so a read after a write sees the write.
 * Entries the live stream delivers go the same way (`applyStreamed`); a gap in them is filled by a catch-up.
 */
import type { LogEntry } from '../../domain/index.ts';
import { Unreachable, type CatchUpPage, type SyncHttp } from '../net/sync-http.ts';
import { retryDelay, sleep, type RetryPolicy } from '../net/retry.ts';
import type { Appended, LocalStore } from '../store/local-store.ts';

export const PAGE = 1000;
/** How long a fenced read waits for the server to fold the device's own writes. */
export const FENCE_WAIT_MS = 5000;

export type OnAppended = (listId: string, appended: Appended) => Promise<void>;

export interface PullResult { pulled: number; missing: boolean; fenceReached: boolean | null }

export class Puller {
  constructor(private readonly store: LocalStore, private readonly http: SyncHttp, private readonly retry: RetryPolicy,
              private readonly onAppended: OnAppended, private readonly signal: AbortSignal) {}

  /** Pulls until up to date; `fence` (from a push's 202) makes the first page wait for those writes. */
  async pullAll(listId: string, fence: string | null = null): Promise<PullResult> {
    const result: PullResult = { pulled: 0, missing: false, fenceReached: null };
    let first = true;
    for (;;) {
      const cursor = (await this.store.list(listId))?.cursor ?? 0; // a list unknown here is not held until it has entries
      const waitFor = first ? fence : null;
      const page = await this.withRetry(() => this.http.pull(listId, cursor, PAGE, waitFor ? FENCE_WAIT_MS : 0, waitFor));
      if (first && fence) result.fenceReached = page?.fenceReached ?? false;
      first = false;
      if (!page) return { ...result, missing: true }; // no log on the server for this user (yet)
      await this.storePage(listId, page);
      result.pulled += page.events.length;
      if (page.upToDate || page.events.length === 0 || this.signal.aborted) return result;
    }
  }

  /** One long-poll: waits up to `waitMs` for entries after the cursor and stores what comes; null on a 404. */
  async pollOnce(listId: string, waitMs: number): Promise<CatchUpPage | null> {
    const cursor = (await this.store.list(listId))?.cursor ?? 0;
    const page = await this.http.pull(listId, cursor, PAGE, waitMs);
    if (page) await this.storePage(listId, page);
    return page;
  }

  /** Entries of one list from the stream, in listVersion order: stored; a gap is filled by a catch-up. */
  async applyStreamed(listId: string, entries: LogEntry[]): Promise<void> {
    const head = entries.at(-1)?.listVersion ?? 0;
    // the stream carries no clientSeqs: such a page never tells how far this device's numbering got
    const appended = await this.store.appendLog(listId, entries, head);
    await this.onAppended(listId, appended);
    const cursor = (await this.store.list(listId))?.cursor ?? 0;
    if (cursor < head) await this.pullAll(listId);
  }

  private async storePage(listId: string, page: CatchUpPage): Promise<void> {
    // clientSeqs is as of the head: only a page that reaches it tells how far this device's numbering got
    const serverSeq = page.upToDate ? page.clientSeqs?.[this.store.clientId] : undefined;
    const appended = await this.store.appendLog(listId, page.events, page.head, serverSeq);
    await this.onAppended(listId, appended);
  }

  private async withRetry<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        if (!(e instanceof Unreachable) || attempt >= this.retry.maxAttempts || this.signal.aborted) throw e;
        await sleep(retryDelay(this.retry, attempt), this.signal);
      }
    }
  }
}
