// The app ships a new fold: the SDK re-derives every local list from its stored log (nothing downloaded), reports
// it once, derives with it from then on, and reads the server's state under the same projection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldWith, TodoListProjection } from '../../src/domain/index.ts';
import type { SyncEvent } from '../../src/sdk/api.ts';
import type { Fetch } from '../../src/sdk/net/sync-http.ts';
import { ARCHIVE_AFTER, TodoArchive } from '../../src/projections/archive.ts';
import { FakeServer } from './support/fake-server.ts';
import { eventually, freshUser, startSync } from './support/harness.ts';

const T0 = 1_764_150_000_000;

test('a new projection re-derives every local list from the stored log, once, without a request, as a fresh fold would', async (t) => {
  const server = new FakeServer();
  let serverTime = T0;
  server.now = () => serverTime;
  const ann = freshUser('ann');

  // running the platform's v1 (no projection given): two lists, one item completed, then their other device writes 7 days later
  const first = startSync(server, ann);
  t.after(() => first.stop());
  const firstEvents: SyncEvent[] = [];
  first.subscribe((e) => firstEvents.push(e));
  await first.start();
  assert.deepEqual([first.projection(), first.derivation()], [{ name: 'v1', id: 'todo-list', version: 1 }, null], 'a new profile re-derives nothing');
  await first.createList('chores', 'Chores', 'lww');
  const bins = await first.addItem('chores', 'Bins');
  await first.addItem('chores', 'Dishes');
  await first.setCompleted('chores', bins, true);
  await first.createList('books', 'Books', 'vector');
  await first.addItem('books', 'Dune');
  await eventually(() => first.status().pending === 0 && server.head('chores') === 4 && server.head('books') === 2, 5000, 'pushed');
  serverTime = T0 + ARCHIVE_AFTER + 1000;
  server.write(ann, 'ann-tablet', 'chores', [{ eventId: crypto.randomUUID(), clientSeq: 1, type: 'ItemAdded', at: { ms: serverTime, n: 0 }, itemId: 'tea', title: 'Tea', count: 1, vclock: { 'ann-tablet': 1 } }]);
  await eventually(() => first.view('chores')?.listVersion === 5, 5000, 'bob\'s entry stored');
  assert.deepEqual(first.derive('chores')?.view, TodoListProjection.V1.view(server.fold('chores')), 'v1 derives what the server folds');
  assert.ok(!firstEvents.some((e) => e.kind === 'derivation'));
  await first.stop();

  // the app now ships v3: every local list folded again from IndexedDB before any request is made
  const requests: string[] = [];
  const fetch: Fetch = (input, init) => { requests.push(input); return server.fetch(input, init); };
  const second = startSync(server, ann, { projection: TodoArchive, fetch });
  t.after(() => second.stop());
  const reports: { requestsBefore: number; derivation: unknown }[] = [];
  second.subscribe((e) => { if (e.kind === 'derivation') reports.push({ requestsBefore: requests.length, derivation: e.derivation }); });
  await second.start();
  const derivation = second.derivation();
  assert.ok(derivation);
  assert.deepEqual({ ...derivation, ms: 0 }, { current: { name: 'v3', id: 'todo-archive', version: 3 },
    previous: { name: 'v1', id: 'todo-list', version: 1 }, lists: 2, entries: 7, ms: 0 });
  assert.equal(reports.length, 1, 'reported once');
  assert.equal(reports[0]?.requestsBefore, 0, 'no request before the re-derivation was done');
  for (const listId of ['chores', 'books']) {
    const fresh = TodoArchive.view(foldWith(TodoArchive, listId, server.lists.get(listId)!.log));
    assert.equal(JSON.stringify(second.derive(listId)?.view), JSON.stringify(fresh), `${listId}: a fresh fold of the log`);
  }
  const chores = second.derive('chores')!;
  assert.deepEqual([chores.projection, chores.listVersion, chores.pending], ['v3', 5, 0]);
  assert.deepEqual((chores.view.archived as { title: string }[]).map((a) => a.title), ['Bins'], 'done for more than 7 days of log time');
  assert.deepEqual((chores.view.items as { title: string }[]).map((i) => i.title), ['Dishes', 'Tea']);

  // the server's state under the device's projection agrees; the server says what it serves
  const state = await second.serverState('chores');
  assert.ok(state);
  const { listId, projection, listVersion, clientSeqs, source, ...view } = state;
  assert.deepEqual([listId, projection, listVersion, typeof clientSeqs, typeof source], ['chores', 'v3', 5, 'object', 'object']);
  assert.equal(JSON.stringify(view), JSON.stringify(chores.view));
  assert.deepEqual(requests.filter((r) => r.includes('/v1/lists/chores?')).map((r) => new URL(r).search), ['?projection=v3']);
  const served = await second.serverProjections();
  assert.equal(served.active, 'v1');
  assert.ok(served.projections.some((p) => p.name === 'v3' && p.id === 'todo-archive'));
  assert.equal(await second.serverState('nowhere'), null);

  // an edit shows in the derived view at once, before the server has it
  server.offline = true;
  const dishes = (chores.view.items as { itemId: string; title: string }[]).find((i) => i.title === 'Dishes')!.itemId;
  await second.setCompleted('chores', dishes, true);
  const optimistic = second.derive('chores')!;
  assert.equal(optimistic.pending, 1);
  assert.deepEqual((optimistic.view.items as { title: string; completed: boolean }[]).map((i) => [i.title, i.completed]), [['Dishes', true], ['Tea', false]]);
  assert.equal(optimistic.view.openCount, 1);
  await second.stop();

  // started again with the same projection: nothing re-derived, nothing reported
  server.offline = false;
  const third = startSync(server, ann, { projection: TodoArchive });
  t.after(() => third.stop());
  const thirdEvents: SyncEvent[] = [];
  third.subscribe((e) => thirdEvents.push(e));
  await third.start();
  assert.equal(third.derivation(), null);
  assert.ok(!thirdEvents.some((e) => e.kind === 'derivation'));
  assert.equal(third.view('chores'), null, 'no list folded at start (loaded when shown, as before)');
  await third.open('chores');
  await eventually(() => third.status().pending === 0 && third.derive('chores')?.listVersion === 6, 5000, 'the queued edit landed');
  assert.equal(JSON.stringify(third.derive('chores')?.view),
      JSON.stringify(TodoArchive.view(foldWith(TodoArchive, 'chores', server.lists.get('chores')!.log))));
  await third.stop();
});
