/**
 * Memory per 10,000 events held by the SDK, in node (run: `npm run measure:sdk`):
 *  - fold: a ListFolds (what a tab keeps in memory: the confirmed fold and the optimistic view; never the log)
 *    after folding 10,000 entries of one list (2,500 items added, each renamed, completed, and 1 in 10 deleted);
 *  - with the log: the same 10,000 entries stored by the LocalStore in fake-indexeddb (which keeps its
 *    data in the JS heap: an upper bound of what a browser's IndexedDB would cost in the page, where it lives
 *    on disk instead), plus the fold.
 * Also the time to apply 10,000 incoming events through the store path (fake-indexeddb: slower than a browser's).
 * Heap is measured after a forced GC (--expose-gc), as the difference to before.
 */
import 'fake-indexeddb/auto';
import type { LogEntry } from '../../src/domain/index.ts';
import { ListFolds } from '../../src/sdk/sync/list-folds.ts';
import { LocalStore } from '../../src/sdk/store/local-store.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function entries(n: number): LogEntry[] {
  const out: LogEntry[] = [];
  const e = (type: LogEntry['type'], extra: Partial<LogEntry>): LogEntry => {
    const v = out.length + 1;
    return { listVersion: v, clientId: `device-${v % 7}`, userId: 'ann', serverMs: 1_764_150_000_000 + v, eventId: crypto.randomUUID(),
      clientSeq: v, type, at: { ms: 1_764_150_000_000 + v, n: 0 }, ...extra };
  };
  out.push(e('ListCreated', { title: 'Measured', policy: 'vector' }));
  for (let i = 0; out.length < n; i++) {
    const itemId = `item-${i}`;
    const clock = (k: number) => ({ [`device-${i % 7}`]: k });
    out.push(e('ItemAdded', { itemId, title: `Item number ${i}`, count: 1, vclock: clock(1) }));
    out.push(e('ItemRenamed', { itemId, title: `Item number ${i}, renamed`, count: 2, vclock: clock(2) }));
    out.push(e('ItemCompleted', { itemId, count: 2, vclock: clock(2) }));
    if (i % 10 === 0) out.push(e('ItemDeleted', { itemId, count: 3, vclock: clock(3) }));
  }
  return out.slice(0, n);
}

async function heap(): Promise<number> {
  for (let i = 0; i < 3; i++) { gc!(); await new Promise((r) => setTimeout(r, 10)); }
  return process.memoryUsage().heapUsed;
}

const N = 10_000;
const log = entries(N);
const base = await heap();
const folds = new ListFolds('me', 'ann');
folds.load('measured', log, []);
folds.view('measured');
const foldBytes = await heap() - base;

const store = await LocalStore.open(indexedDB, 'measure');
const before = await heap();
// applying incoming events as a catch-up does: pages of 1,000 stored (one transaction each), then folded
const tab = new ListFolds(store.clientId, 'ann');
tab.load('measured', [], []);
const started = performance.now();
for (let i = 0; i < N; i += 1000) {
  const appended = await store.appendLog('measured', log.slice(i, i + 1000), N);
  tab.advance('measured', appended.entries, []);
}
tab.view('measured');
const applyMs = performance.now() - started;
const storeBytes = await heap() - before;
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
console.log(`10,000 events: fold in memory ${mb(foldBytes)} MiB (${folds.view('measured')!.items.length} visible items); `
    + `log in fake-indexeddb and a second fold ${mb(storeBytes)} MiB more; applying them (store + fold) took ${applyMs.toFixed(0)} ms`);
store.close();
void log.length;
