import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClientEvent } from '../../src/domain/index.ts';
import type { SyncEvent } from '../../src/sdk/api.ts';
import { FakeServer, type StreamMode } from './support/fake-server.ts';
import { eventually, freshUser, startSync } from './support/harness.ts';

let seq = 0;
function bobAdds(server: FakeServer, bob: string, listId: string, itemId: string, title: string): void {
  const clientSeq = (server.lists.get(listId)?.lastSeq.get('bob-phone') ?? 0) + 1;
  const event: ClientEvent = { eventId: crypto.randomUUID(), clientSeq, type: 'ItemAdded', at: { ms: Date.now(), n: seq++ },
    itemId, title, count: 1, vclock: { 'bob-phone': clientSeq } };
  server.write(bob, 'bob-phone', listId, [event]);
}

/** Ann's list, shared with bob (editor), pushed and confirmed. */
async function sharedList(server: FakeServer, ann: string, bob: string, options = {}) {
  const tab = startSync(server, ann, options);
  await tab.start();
  await tab.createList('trip', 'Trip', 'lww');
  await tab.share('trip', bob, 'editor');
  await eventually(() => tab.status().pending === 0 && tab.view('trip')?.listVersion === 2, 5000, 'confirmed');
  return tab;
}

test('the live stream brings other devices\' entries, and resumes from the last ids after the server closes it', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann'), bob = freshUser('bob');
  const tab = await sharedList(server, ann, bob);
  const events: SyncEvent[] = [];
  tab.subscribe((e) => events.push(e));
  await eventually(() => tab.status().transport === 'live' && server.openStreams() === 1, 5000, 'streaming');
  bobAdds(server, bob, 'trip', 'tickets', 'Book tickets');
  await eventually(() => tab.view('trip')?.items.some((i) => i.title === 'Book tickets'), 5000, 'streamed entry');
  assert.ok(events.some((e) => e.kind === 'list' && e.listId === 'trip'));

  server.dropStreams(true); // `closed`: the instance goes away
  bobAdds(server, bob, 'trip', 'hotel', 'Book a hotel'); // while no stream is open
  await eventually(() => tab.view('trip')?.items.length === 2, 5000, 'caught up after reconnecting');
  const streamAsks = server.requests.filter((r) => r.startsWith('GET /v1/stream'));
  assert.ok(streamAsks.length >= 2);
  assert.match(streamAsks.at(-1)!, /lists=trip%3A3 /, 'resumed from the last id it had (trip:3)');
  assert.equal(tab.view('trip')?.listVersion, 4);
  await tab.stop();
  assert.equal(server.openStreams(), 0, 'the stream is closed on stop');
});

test('a stream silent for longer than the heartbeat allows is reopened from the cursors', async () => {
  const server = new FakeServer(); // the fake sends one heartbeat when a stream opens, then none: silence
  const ann = freshUser('ann'), bob = freshUser('bob');
  const tab = await sharedList(server, ann, bob, { stream: { firstBytesMs: 300, silenceMs: 400, reconnect: { maxAttempts: 100, baseMs: 10, maxMs: 50 } } });
  await eventually(() => server.requests.filter((r) => r.startsWith('GET /v1/stream')).length >= 3, 5000, 'reopened');
  assert.equal(tab.status().transport, 'live', 'a silent stream is not a reason to long-poll');
  bobAdds(server, bob, 'trip', 'tickets', 'Book tickets');
  await eventually(() => tab.view('trip')?.items.length === 1, 5000, 'still following');
  await tab.stop();
});

for (const mode of ['not-found', 'html', 'no-bytes'] as StreamMode[]) {
  test(`no stream to be had (${mode}): falls back to long-polls`, async () => {
    const server = new FakeServer();
    server.streamMode = mode;
    const ann = freshUser('ann'), bob = freshUser('bob');
    const tab = await sharedList(server, ann, bob);
    await eventually(() => tab.status().transport === 'long-poll', 5000, 'long-poll');
    bobAdds(server, bob, 'trip', 'tickets', 'Book tickets');
    await eventually(() => tab.view('trip')?.items.length === 1, 5000, 'polled entry');
    assert.ok(server.requests.some((r) => /GET \/v1\/lists\/trip\/events\?after=2.*waitMs=200/.test(r)));
    await tab.stop();
  });
}

test('losing access to a list (`removed`) drops it and tells the app', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann'), bob = freshUser('bob');
  const annTab = await sharedList(server, ann, bob);
  const bobTab = startSync(server, bob);
  await bobTab.start();
  assert.equal((await bobTab.open('trip'))?.role, 'editor');
  const events: SyncEvent[] = [];
  bobTab.subscribe((e) => events.push(e));
  await eventually(() => server.openStreams() === 2, 5000, 'both streaming');
  server.removeMember(ann, annTab.clientId, 'trip', bob);
  await eventually(() => events.some((e) => e.kind === 'removed' && e.listId === 'trip'), 5000, 'removed');
  assert.equal(bobTab.view('trip'), null);
  assert.ok(!(await bobTab.lists()).some((l) => l.listId === 'trip'));
  await annTab.stop();
  await bobTab.stop();
});

test('a stateHash that differs from the own fold at the same listVersion is reported as a mismatch', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann'), bob = freshUser('bob');
  const annTab = await sharedList(server, ann, bob);
  const bobTab = startSync(server, bob);
  await bobTab.start();
  const events: SyncEvent[] = [];
  bobTab.subscribe((e) => events.push(e));
  server.corruptStateHash = true;
  await bobTab.open('trip');
  const found = await eventually(() => events.find((e) => e.kind === 'mismatch'), 5000, 'mismatch');
  assert.ok(found.kind === 'mismatch');
  assert.equal(found.mismatch.listVersion, 2);
  assert.equal(found.mismatch.server, '0'.repeat(64));
  assert.equal(found.mismatch.local.length, 64);
  // asked of v2 by name: v1, active by default, has no stateHash
  assert.ok(server.requests.some((r) => r.startsWith('GET /v1/lists/trip?projection=v2 ')), server.requests.join('\n'));

  server.corruptStateHash = false;
  const clean = startSync(server, bob);
  await bobTab.stop();
  await clean.start();
  const later: SyncEvent[] = [];
  clean.subscribe((e) => later.push(e));
  await clean.open('trip');
  await clean.syncNow();
  assert.ok(!later.some((e) => e.kind === 'mismatch'), 'equal digests: no mismatch');
  await clean.stop();
  await annTab.stop();
});

test('a device holding more than 100 lists follows all of them live, over one stream per 100 lists', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann');
  const ids = Array.from({ length: 120 }, (_, i) => `list-${String(i).padStart(3, '0')}`);
  for (const listId of ids) {
    server.write(ann, 'ann-laptop', listId, [{ eventId: crypto.randomUUID(), clientSeq: 1, type: 'ListCreated',
      at: { ms: Date.now(), n: seq++ }, title: listId, policy: 'lww' }]);
  }
  const tab = startSync(server, ann);
  await tab.start();
  try {
    for (const listId of ids) assert.ok(await tab.open(listId), listId);
    // the streams reopen as lists are opened (retarget): the last two asks are the two open streams once settled
    const lastTwoAsks = () => server.requests.filter((r) => r.startsWith('GET /v1/stream')).slice(-2)
      .map((r) => new URL('http://x' + r.split(' ')[1]).searchParams.get('lists')!.split(',').map((c) => c.split(':')[0]!));
    await eventually(() => tab.status().transport === 'live' && server.openStreams() === 2
      && JSON.stringify(lastTwoAsks().flat().sort()) === JSON.stringify(ids), 5000, 'two streams carrying every list once');
    assert.ok(lastTwoAsks().every((lists) => lists.length <= 100), 'at most 100 lists per stream');

    // an entry of a list past the first 100, written by another device: it arrives live (no push, no pull)
    const before = server.requests.length;
    server.write(ann, 'ann-phone', 'list-110', [{ eventId: crypto.randomUUID(), clientSeq: 1, type: 'ItemAdded',
      at: { ms: Date.now(), n: seq++ }, itemId: 'far', title: 'Past the first hundred', count: 1, vclock: { 'ann-phone': 1 } }]);
    await eventually(() => tab.view('list-110')?.items.some((i) => i.title === 'Past the first hundred'), 5000, 'streamed entry');
    assert.ok(!server.requests.slice(before).some((r) => r.includes('/events')), 'read from the stream, not by catch-up');
  } finally {
    await tab.stop();
  }
});
