/**
 * One tab of a browser profile leads the sync of a user (pushes, holds the stream); the others follow. With Web
 * Locks, the leader is whoever holds the lock `offline-sync-leader:<user>`: the browser hands it to the next
 * waiting tab when the holder closes or crashes. Without Web Locks, a lease in IndexedDB (see `LeaseStore`):
 * a tab renews it every `ttl / 3`; a tab finding it expired takes it in a readwrite transaction, so two tabs
 * never both hold it; a crashed leader is replaced within `ttl`.
 */

export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>;
}

export interface LeaseStore {
  /** Takes or renews the lease for `tab` when it is free, expired or already `tab`'s; true when `tab` holds it. */
  claimLease(tab: string, now: number, ttlMs: number): Promise<boolean>;
  releaseLease(tab: string): Promise<void>;
}

export interface Leadership {
  /** Resolves when this tab becomes the leader (never, if stopped first). */
  start(onLead: () => void): void;
  stop(): Promise<void>;
}

export function webLocksLeadership(locks: LockManagerLike, user: string): Leadership {
  const ctrl = new AbortController();
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  return {
    start(onLead) {
      locks.request(`offline-sync-leader:${user}`, { signal: ctrl.signal }, async () => {
        if (ctrl.signal.aborted) return;
        onLead();
        await held; // held until this tab stops (or the browser ends it with the page)
      }).catch(() => { /* aborted while waiting */ });
    },
    async stop() {
      ctrl.abort();
      release();
    },
  };
}

export function leaseLeadership(store: LeaseStore, tab: string, ttlMs = 6000): Leadership {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let leading = false;
  return {
    start(onLead) {
      const tick = async () => {
        if (stopped) return;
        try {
          const holds = await store.claimLease(tab, Date.now(), ttlMs);
          if (holds && !leading && !stopped) { leading = true; onLead(); }
          // a leader that lost its lease (frozen longer than ttl) would double-push: it is not expected to
          // happen with ttl / 3 renewals, and a duplicate push is dropped by the sequencer anyway
        } catch { /* the database is closing */ }
        if (!stopped) timer = setTimeout(tick, leading ? ttlMs / 3 : ttlMs / 2);
      };
      void tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (leading) await store.releaseLease(tab).catch(() => {});
    },
  };
}
