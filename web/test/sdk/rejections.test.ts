import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SyncEvent } from '../../src/sdk/api.ts';
import { FakeServer } from './support/fake-server.ts';
import { eventually, freshUser, startSync } from './support/harness.ts';

async function annShares(server: FakeServer, ann: string, bob: string, role: 'viewer' | 'editor') {
  const tab = startSync(server, ann);
  await tab.start();
  await tab.createList('plans', 'Plans', 'lww');
  await tab.share('plans', bob, role);
  await eventually(() => tab.status().pending === 0 && server.head('plans') === 2, 5000, 'shared');
  return tab;
}

test('an own event the sequencer rejects (forbidden) leaves the queue and is surfaced once, also after a reload', async () => {
  const server = new FakeServer();
  server.gatewayChecksRoles = false;
  const ann = freshUser('ann'), bob = freshUser('bob');
  const annTab = await annShares(server, ann, bob, 'viewer');
  const bobTab = startSync(server, bob);
  await bobTab.start();
  const events: SyncEvent[] = [];
  bobTab.subscribe((e) => events.push(e));
  assert.equal((await bobTab.open('plans'))?.role, 'viewer');
  await bobTab.renameList('plans', 'Bob was here');
  assert.equal(bobTab.view('plans')?.title, 'Bob was here', 'optimistic');
  // the refused edit leaves the queue and the view
  await eventually(() => bobTab.status().pending === 0 && bobTab.view('plans')?.title === 'Plans', 5000, 'settled');
  assert.equal(bobTab.view('plans')?.pending, 0);
  const surfaced = events.filter((e) => e.kind === 'rejection');
  assert.equal(surfaced.length, 1);
  assert.deepEqual(bobTab.rejections().map((r) => [r.listId, r.type, r.reason]), [['plans', 'ListRenamed', 'forbidden']]);
  await bobTab.stop();

  const reloaded = startSync(server, bob);
  const later: SyncEvent[] = [];
  reloaded.subscribe((e) => later.push(e));
  await reloaded.start();
  await reloaded.open('plans');
  await reloaded.syncNow();
  assert.equal(later.filter((e) => e.kind === 'rejection').length, 0, 'not surfaced twice');
  assert.equal(reloaded.rejections().length, 1, 'still listed until dismissed');
  reloaded.dismissRejection(reloaded.rejections()[0]!.eventId);
  assert.equal(reloaded.rejections().length, 0);
  await reloaded.stop();
  await annTab.stop();
});

test('a 403 from the gateway sets the batch aside as forbidden, surfaced, and the queue is not blocked', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann'), bob = freshUser('bob');
  const annTab = await annShares(server, ann, bob, 'viewer');
  const bobTab = startSync(server, bob);
  await bobTab.start();
  await bobTab.open('plans');
  await bobTab.renameList('plans', 'Nope');
  await eventually(() => bobTab.rejections().length === 1 && bobTab.status().pending === 0, 5000, 'set aside');
  assert.equal(bobTab.rejections()[0]!.reason, 'forbidden');
  assert.match(bobTab.rejections()[0]!.detail, /403/);
  assert.equal(server.head('plans'), 2, 'nothing written');
  await bobTab.stop();
  await annTab.stop();
});

test('a 400 naming one event sets that one aside; the rest is renumbered and accepted without a gap', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann');
  server.offline = true;
  const offline = startSync(server, ann);
  await offline.start();
  await offline.createList('errands', 'Errands', 'lww');
  await offline.addItem('errands', 'one');
  await offline.addItem('errands', 'two');
  await offline.addItem('errands', 'three');
  await offline.stop(); // reopened below, so that its first push carries the whole queue
  server.failPushes.push({ status: 400, body: { type: 'about:blank', status: 400, detail: 'invalid',
    errors: [{ index: 2, field: 'title', message: 'is not allowed' }] } });
  server.offline = false;
  const tab = startSync(server, ann);
  await tab.start();
  await tab.open('errands');
  await eventually(() => tab.status().pending === 0 && server.head('errands') === 3, 5000, 'pushed');
  const log = server.lists.get('errands')!.log;
  assert.deepEqual(log.map((e) => [e.clientSeq, e.type]), [[1, 'ListCreated'], [2, 'ItemAdded'], [3, 'ItemAdded']]);
  assert.deepEqual(log.filter((e) => e.type === 'ItemAdded').map((e) => e.title), ['one', 'three']);
  assert.deepEqual(tab.rejections().map((r) => [r.type, r.reason, r.detail]), [['ItemAdded', 'invalid', 'title: is not allowed']]);
  assert.deepEqual(tab.view('errands')?.items.map((i) => i.title), ['one', 'three']);
  await tab.stop();
});

test('a gap in the log makes the device send its pending events again, and they are accepted in order', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann');
  server.losePushes = 1;
  const tab = startSync(server, ann);
  await tab.start();
  await tab.createList('lost', 'Lost', 'lww'); // acknowledged, then lost
  await eventually(() => server.pushes.length === 1, 5000, 'first push');
  await tab.addItem('lost', 'after the loss'); // clientSeq 2 meets a gap: the server expects 1
  await eventually(() => tab.status().pending === 0, 15_000, 'healed');
  const log = server.lists.get('lost')!.log;
  assert.deepEqual(log.map((e) => [e.type, e.clientSeq, e.reason ?? null]),
      [['Rejected', 2, 'gap'], ['ListCreated', 1, null], ['ItemAdded', 2, null]]);
  assert.deepEqual(tab.rejections(), [], 'a healed gap is not surfaced');
  assert.deepEqual(tab.view('lost')?.items.map((i) => i.title), ['after the loss']);
  await tab.stop();
});
