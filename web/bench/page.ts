/**
 * The bench page: the real app (startApp, the list page, its keyed rendering) on `LocalSync`, the SDK's fold and
 * view path over a log in memory. `/lists/bench?items=1000&policy=lww` opens a list of 1,000 items;
 * `window.bench.incoming(10000)` feeds edits from another device and resolves when the page shows them.
 */
import type { Auth, ListView } from '../src/sdk/api.ts';
import { startApp } from '../src/app/app.ts';
import { EditStamper, type Policy } from '../src/domain/index.ts';
import { LocalSync } from './local-sync.ts';
import { incomingLog, seedLog } from './workload.ts';

const LIST = 'bench';
const params = new URLSearchParams(location.search);
const items = Number(params.get('items') ?? 0);
const policy = (params.get('policy') ?? 'lww') as Policy;

const auth: Auth = {
  user: 'ann',
  async signIn() {}, async completeSignIn() { return '/'; }, async accessToken() { return 'none'; }, async signOut() {},
};

const paint = () => new Promise<void>(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));

let waiting: { version: number; resolve: () => void } | null = null;
let firstRendered: ((r: { renderedMs: number; paintedMs: number; rows: number; foldMs: number }) => void) | null = null;
const firstRender = new Promise<{ renderedMs: number; paintedMs: number; rows: number; foldMs: number }>(r => { firstRendered = r; });

/** Called by the list page after each render: notes the first full render and wakes `incoming`. */
function onRender(view: ListView): void {
  if (firstRendered && view.items.length === items) {
    const resolve = firstRendered;
    firstRendered = null;
    const renderedMs = performance.now();
    paint().then(() => resolve({ renderedMs, paintedMs: performance.now(), foldMs,
      rows: document.querySelectorAll('.todo-list li').length }));
  }
  if (waiting && view.listVersion >= waiting.version) { const w = waiting; waiting = null; w.resolve(); }
}

const sync = new LocalSync('ann', 'ann-laptop');
const foldStart = performance.now();
sync.load(LIST, seedLog(LIST, policy, items));
const foldMs = performance.now() - foldStart;
startApp(document.getElementById('app')!, { auth, sync, listOptions: { onRender } });

/** Feeds `n` incoming edits in batches of `batch` entries per task (the stream's pace when it is ahead). */
async function incoming(n: number, batch = 100): Promise<{ ms: number; events: number; rows: number; expectedRows: number }> {
  const { entries, visible } = incomingLog(sync.confirmed(LIST)!, n);
  const target = entries[entries.length - 1]!.listVersion;
  const shown = new Promise<void>(resolve => { waiting = { version: target, resolve }; });
  const start = performance.now();
  for (let i = 0; i < entries.length; i += batch) {
    for (const entry of entries.slice(i, i + batch)) sync.receive(LIST, [entry]);
    await new Promise(r => setTimeout(r, 0));
  }
  await shown;
  await paint();
  return { ms: performance.now() - start, events: n, rows: document.querySelectorAll('.todo-list li').length, expectedRows: visible };
}

/** Two other devices rename the first item at once, neither having seen the other: siblings under `vector`. */
function conflict(): void {
  const list = sync.confirmed(LIST)!;
  const first = list.visibleItems()[0];
  if (!first) throw new Error('no item to conflict on');
  const item = list.item(first.itemId)!;
  let version = list.listVersion;
  const entries = (['bob-phone', 'carol-tablet'] as const).map((clientId, i) => ({
    listVersion: ++version, clientId, userId: 'bob', eventId: crypto.randomUUID(), clientSeq: 1000 + i,
    at: { ms: Date.now(), n: i }, type: 'ItemRenamed' as const, itemId: first.itemId,
    title: clientId === 'bob-phone' ? 'Oat milk' : 'Soy milk', ...new EditStamper(clientId).rename(item) }));
  sync.receive(LIST, entries);
}

(globalThis as Record<string, unknown>).bench = { sync, firstRender, incoming, conflict };
