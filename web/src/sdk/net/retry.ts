/**
 * How patiently a call is retried (port of the Java SDK's `RetryPolicy`): up to `maxAttempts` tries, an
 * exponentially growing delay with "equal jitter" between them, or the server's Retry-After when it sent one
 * (capped at `maxMs`, so a sync never hangs on a server's word).
 */
export interface RetryPolicy { maxAttempts: number; baseMs: number; maxMs: number }

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 200, maxMs: 5000 };

/** The wait before try `attempt + 1` (attempt counts from 1). */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number | null): number {
  if (retryAfterMs != null) return Math.min(retryAfterMs, policy.maxMs);
  const capped = Math.min(policy.baseMs * 2 ** Math.min(attempt - 1, 20), policy.maxMs);
  // half fixed, half random: retrying devices spread out but still back off
  return Math.floor(capped / 2 + Math.random() * (capped / 2 + 1));
}

/** Retry-After as delta-seconds or an HTTP date, in ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); }
    signal?.addEventListener('abort', done, { once: true });
  });
}
