/**
 * Sends a list's pending events to the gateway in clientSeq order, at most 500 a batch, retrying 429/5xx and
 * network failures with backoff that honours Retry-After (port of the Java SDK's `Pusher`). Retrying is always
 * safe: the same events with the same eventIds, and the sequencer drops duplicates. Remembers the eventIds the
 * gateway acknowledged in this session, so events waiting to show up in the log are not sent again and again.
 *
 * An event the gateway refuses for good never blocks the queue and is never lost silently: a 400 whose errors
 * name events by index sets those aside; a 400 naming none, or a 413, halves the batch until the event is alone
 * and sets it aside; a 403 sets the whole batch aside as `forbidden`. Set-aside events are surfaced as
 * rejections. Other 4xx (404, 409, 415) are not the events' fault: the queue stays and the refusal is reported.
 */
import type { ClientEvent } from '../../domain/index.ts';
import type { Rejection } from '../api.ts';
import { problemDetail, Unreachable, type PushOutcome, type SyncHttp } from '../net/sync-http.ts';
import { retryDelay, sleep, type RetryPolicy } from '../net/retry.ts';
import type { LocalStore } from '../store/local-store.ts';

export const MAX_BATCH = 500;

export interface PushResult { pushed: number; fence: string | null; refusal: string | null; setAside: Rejection[] }

export class Pusher {
  private readonly acknowledged = new Map<string, Set<string>>();

  constructor(private readonly store: LocalStore, private readonly http: SyncHttp, private readonly retry: RetryPolicy,
              private readonly signal: AbortSignal) {}

  private readonly running = new Map<string, Promise<PushResult>>();

  /**
   * Pushes the list's queue; one push of a list at a time (the push loop and `syncNow` may both ask): two at once
   * would send the same batch twice, and one of them could carry an event the other just set aside.
   */
  push(listId: string): Promise<PushResult> {
    const before = this.running.get(listId) ?? Promise.resolve(null);
    const mine = before.catch(() => null).then(() => this.pushNow(listId));
    this.running.set(listId, mine);
    void mine.catch(() => {}).finally(() => { if (this.running.get(listId) === mine) this.running.delete(listId); });
    return mine;
  }

  private async pushNow(listId: string): Promise<PushResult> {
    const acked = this.acked(listId);
    const result: PushResult = { pushed: 0, fence: null, refusal: null, setAside: [] };
    let batchLimit = MAX_BATCH;
    for (;;) {
      const pending = await this.store.pending(listId);
      const live = new Set(pending.map((e) => e.eventId));
      for (const id of acked) if (!live.has(id)) acked.delete(id); // settled ones need no memory
      const unsent = pending.filter((e) => !acked.has(e.eventId));
      if (unsent.length === 0 || this.signal.aborted) return result;
      const batch = unsent.slice(0, batchLimit);
      const outcome = await this.pushWithRetry(listId, batch);
      if (outcome.kind === 'accepted') {
        result.fence = outcome.fence ?? result.fence; // batches go in clientSeq order: the last fence covers all
        batch.forEach((e) => acked.add(e.eventId));
        result.pushed += batch.length;
        batchLimit = MAX_BATCH;
        continue;
      }
      if (outcome.kind !== 'refused') throw new Error('unreachable');
      const detail = `${outcome.status}: ${problemDetail(outcome.body)}`;
      if (outcome.status === 403) {
        const forbidden = new Map(batch.map((e) => [e.eventId, { reason: 'forbidden', detail }]));
        result.setAside.push(...await this.store.setAside(listId, forbidden));
        continue;
      }
      if (outcome.status !== 400 && outcome.status !== 413) {
        result.refusal = `push of ${listId} refused (${detail})`;
        return result;
      }
      const named = namedEvents(outcome.body, batch);
      if (named.size === 0 && batch.length > 1) {
        batchLimit = Math.max(1, Math.floor(batch.length / 2)); // find the event it is about
        continue;
      }
      if (named.size === 0) named.set(batch[0]!.eventId, detail);
      const reason = outcome.status === 413 ? 'too-large' : 'invalid';
      result.setAside.push(...await this.store.setAside(listId,
          new Map([...named].map(([id, d]) => [id, { reason, detail: d }]))));
    }
  }

  /** Whether some pending events were never acknowledged in this session (new, renumbered, or to resend). */
  async hasUnsent(listId: string): Promise<boolean> {
    const acked = this.acked(listId);
    return (await this.store.pending(listId)).some((e) => !acked.has(e.eventId));
  }

  /** The log asks for a resend (a gap, a renumbering): send every pending event of the list again. */
  forget(listId: string): void {
    this.acknowledged.delete(listId);
  }

  private acked(listId: string): Set<string> {
    let set = this.acknowledged.get(listId);
    if (!set) this.acknowledged.set(listId, set = new Set());
    return set;
  }

  private async pushWithRetry(listId: string, batch: ClientEvent[]): Promise<PushOutcome> {
    for (let attempt = 1; ; attempt++) {
      let retryAfter: number | null = null;
      try {
        const outcome = await this.http.push(listId, this.store.clientId, batch);
        if (outcome.kind !== 'retry') return outcome;
        if (attempt >= this.retry.maxAttempts) {
          throw new Unreachable(`the gateway answered ${outcome.status} ${attempt} times`);
        }
        retryAfter = outcome.retryAfterMs;
      } catch (e) {
        if (!(e instanceof Unreachable) || attempt >= this.retry.maxAttempts || this.signal.aborted) throw e;
      }
      await sleep(retryDelay(this.retry, attempt, retryAfter), this.signal);
    }
  }
}

/** The batch's events a 400 names by index (`errors[].index`), each with its messages. */
function namedEvents(body: string, batch: ClientEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  let errors: unknown;
  try { errors = (JSON.parse(body) as { errors?: unknown }).errors; } catch { return out; }
  if (!Array.isArray(errors)) return out;
  for (const error of errors as Array<{ index?: unknown; field?: unknown; message?: unknown }>) {
    if (typeof error.index !== 'number' || error.index < 0 || error.index >= batch.length) continue;
    const id = batch[error.index]!.eventId;
    const message = (typeof error.field === 'string' ? `${error.field}: ` : '') + String(error.message ?? '');
    out.set(id, out.has(id) ? `${out.get(id)}; ${message}` : message);
  }
  return out;
}
