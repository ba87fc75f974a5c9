import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeServer } from './support/fake-server.ts';
import { eventually, freshUser, startSync } from './support/harness.ts';

test('edits made offline are queued in IndexedDB, survive a reload, and reach the server once back online', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann');
  server.offline = true;
  const tab = startSync(server, ann);
  await tab.start();
  await tab.createList('groceries', 'Groceries', 'lww');
  const milk = await tab.addItem('groceries', 'Buy milk');
  await tab.setCompleted('groceries', milk, true);
  assert.deepEqual(tab.view('groceries')?.items.map((i) => [i.title, i.completed]), [['Buy milk', true]]);
  assert.equal(tab.view('groceries')?.pending, 3);
  await eventually(() => tab.status().connection === 'offline', 5000, 'offline');
  await tab.stop();

  // a reload: a new Sync on the same IndexedDB, still offline
  const reloaded = startSync(server, ann);
  await reloaded.start();
  const view = await reloaded.open('groceries');
  assert.deepEqual(view?.items.map((i) => [i.title, i.completed]), [['Buy milk', true]]);
  assert.equal(reloaded.status().pending, 3);
  assert.equal(server.head('groceries'), 0);

  server.offline = false;
  await reloaded.syncNow();
  await eventually(() => reloaded.status().pending === 0, 5000, 'pending 0');
  assert.equal(server.head('groceries'), 3);
  assert.deepEqual(server.fold('groceries').visibleItems().map((i) => [i.title, i.completed]), [['Buy milk', true]]);
  assert.equal(reloaded.view('groceries')?.listVersion, 3);
  assert.equal(reloaded.view('groceries')?.role, 'owner');
  await eventually(() => reloaded.status().connection === 'online', 5000, 'online');
  await reloaded.stop();
});

test('a push answered 503 is retried after Retry-After with the same events, and nothing is duplicated', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann');
  server.failPushes.push({ status: 503, retryAfter: '1' }, { status: 503 });
  const tab = startSync(server, ann, { retry: { maxAttempts: 5, baseMs: 5, maxMs: 2000 } });
  await tab.start();
  const started = Date.now();
  await tab.createList('chores', 'Chores', 'counter');
  for (let i = 0; i < 5; i++) await tab.addItem('chores', `chore ${i}`);
  await eventually(() => tab.status().pending === 0, 10_000, 'pending 0');
  const pushRequests = server.requests.filter((r) => r.startsWith('POST'));
  assert.ok(pushRequests.length >= 3, 'two refused, then accepted');
  assert.ok(Date.now() - started >= 900, 'waited for Retry-After: 1');
  const log = server.lists.get('chores')!.log;
  assert.equal(log.length, 6);
  assert.equal(new Set(log.map((e) => e.eventId)).size, 6, 'every event once in the log');
  assert.ok(log.every((e) => e.type !== 'Rejected'));
  assert.deepEqual(log.map((e) => e.clientSeq), [1, 2, 3, 4, 5, 6]);
  // the read after the push waits for the push's own writes (the 202's fence)
  const clientId = server.pushes[0]!.clientId;
  assert.ok(server.requests.some((r) => r.includes('/v1/lists/chores/events?') && r.includes(`waitFor=${clientId}%3A`)));
  await tab.stop();
});

test('a batch never holds more than 500 events', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann');
  server.offline = true;
  const tab = startSync(server, ann);
  await tab.start();
  await tab.createList('big', 'Big', 'lww');
  for (let i = 0; i < 1100; i++) await tab.addItem('big', `item ${i}`);
  server.offline = false;
  await tab.syncNow();
  await eventually(() => tab.status().pending === 0, 20_000, 'pending 0');
  assert.ok(server.pushes.every((p) => p.events.length <= 500));
  assert.equal(server.head('big'), 1101);
  assert.equal(tab.view('big')?.items.length, 1100);
  await tab.stop();
});

test('the window\'s offline event shows offline at once; its online event pushes at once; the network has the last word', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann');
  const windowEvents = new EventTarget();
  const tab = startSync(server, ann, { events: windowEvents });
  await tab.start();
  await tab.createList('walk', 'Walk', 'lww');
  await eventually(() => tab.status().connection === 'online', 5000, 'online');
  assert.equal(tab.status().leader, true);
  assert.equal(tab.status().transport, 'live');

  server.offline = true;
  windowEvents.dispatchEvent(new Event('offline'));
  assert.equal(tab.status().connection, 'offline');
  await tab.addItem('walk', 'Shoes');
  assert.equal(tab.status().pending, 1);

  server.offline = false;
  windowEvents.dispatchEvent(new Event('online'));
  await eventually(() => tab.status().pending === 0 && server.head('walk') === 2, 5000, 'pushed when back');
  await eventually(() => tab.status().connection === 'online', 5000, 'online again');
  await tab.stop();
});
