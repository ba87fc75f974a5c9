/** What the SDK tests share: a config, a fake Auth, an in-process Web Locks, waiting with a deadline. */
import 'fake-indexeddb/auto';
import type { Auth, Sync, WebConfig } from '../../../src/sdk/api.ts';
import { createSync } from '../../../src/sdk/index.ts';
import type { SyncOptions } from '../../../src/sdk/sync/browser-sync.ts';
import type { LockManagerLike } from '../../../src/sdk/tabs/leadership.ts';
import type { FakeServer } from './fake-server.ts';

export const config: WebConfig = {
  gatewayUrl: 'http://gateway.test', queryUrl: 'http://query.test', issuerUrl: 'http://issuer.test',
  clientId: 'offline-sync-web', redirectUri: 'http://app.test/callback',
};

export const FAST_RETRY = { maxAttempts: 6, baseMs: 5, maxMs: 40 };

let users = 0;
/** A user name no other test uses (one IndexedDB database per user). */
export function freshUser(name: string): string {
  return `${name}${++users}${Date.now() % 100000}`;
}

export function fakeAuth(user: string): Auth {
  return {
    user,
    async signIn() {},
    async completeSignIn() { return '/'; },
    async accessToken() { return `token-${user}`; },
    async signOut() {},
  };
}

/** Web Locks in one process: a queue per name, the next waiter gets the lock when its holder's callback ends. */
export function fakeLocks(): LockManagerLike {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request(name, options, callback) {
      const before = tails.get(name) ?? Promise.resolve();
      const mine = before.then(async () => {
        if (options.signal?.aborted) throw new Error('aborted');
        return callback({ name });
      });
      tails.set(name, mine.catch(() => {}));
      return mine;
    },
  };
}

export function startSync(server: FakeServer, user: string, options: SyncOptions = {}): Sync {
  return createSync(config, fakeAuth(user), {
    fetch: server.fetch, locks: null, retry: FAST_RETRY, longPollWaitMs: 200,
    stream: { firstBytesMs: 300, silenceMs: 2000, reconnect: { maxAttempts: 1000, baseMs: 10, maxMs: 100 } },
    ...options,
  });
}

/** Polls `check` until it holds (returns truthy / does not throw) or the deadline passes. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result) return result as NonNullable<T>;
      last = new Error(`${what} is ${String(result)}`);
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${(last as Error)?.message ?? what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
