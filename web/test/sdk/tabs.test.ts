import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Sync } from '../../src/sdk/api.ts';
import { FakeServer } from './support/fake-server.ts';
import { eventually, fakeLocks, freshUser, startSync } from './support/harness.ts';

async function twoTabs(server: FakeServer, user: string, locks: ReturnType<typeof fakeLocks> | null): Promise<[Sync, Sync]> {
  const a = startSync(server, user, { locks });
  const b = startSync(server, user, { locks });
  await a.start();
  await b.start();
  await eventually(() => a.status().leader !== b.status().leader, 8000, 'one leader');
  return [a, b];
}

for (const [name, locks] of [['Web Locks', fakeLocks], ['the IndexedDB lease', () => null]] as const) {
  test(`two tabs of one profile (${name}): one leads, both edit, nothing is pushed twice, both show the same state`, async () => {
    const server = new FakeServer();
    const ann = freshUser('ann');
    const [a, b] = await twoTabs(server, ann, locks());
    assert.equal(a.clientId, b.clientId, 'one clientId per profile and user');
    await a.createList('shared', 'Shared', 'lww');
    await eventually(async () => (await b.open('shared'))?.title === 'Shared', 5000, 'b sees the list');
    // both tabs edit at once: clientSeqs come from one IndexedDB transaction each, never twice the same
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => a.addItem('shared', `from a ${i}`)),
      ...Array.from({ length: 10 }, (_, i) => b.addItem('shared', `from b ${i}`)),
    ]);
    await eventually(() => a.status().pending === 0 && b.status().pending === 0 && server.head('shared') === 21, 8000, 'all pushed');
    const log = server.lists.get('shared')!.log;
    assert.ok(log.every((e) => e.type !== 'Rejected'), 'no gap, no reused clientSeq');
    assert.deepEqual(log.map((e) => e.clientSeq), Array.from({ length: 21 }, (_, i) => i + 1));
    const pushedIds = server.pushes.flatMap((p) => p.events.map((e) => e.eventId));
    assert.equal(new Set(pushedIds).size, pushedIds.length, 'no event pushed twice');
    await eventually(() => a.view('shared')?.listVersion === 21 && b.view('shared')?.listVersion === 21, 5000, 'both folded');
    assert.deepEqual(a.view('shared'), b.view('shared'));
    assert.equal(a.view('shared')?.items.length, 20);
    await eventually(() => a.status().transport === 'live' && b.status().transport === 'live', 5000, 'the follower mirrors the leader\'s transport');
    // the follower hears the leader's connection through the BroadcastChannel, a moment later: equal once it arrived
    await eventually(() => a.status().connection === b.status().connection, 5000, 'the follower mirrors the leader\'s connection');

    // the leader goes away: the other tab takes over and pushes
    const [leader, follower] = a.status().leader ? [a, b] : [b, a];
    await leader.stop();
    await eventually(() => follower.status().leader, 10_000, 'the follower leads');
    await follower.addItem('shared', 'after the leader left');
    await eventually(() => server.head('shared') === 22 && follower.status().pending === 0, 5000, 'pushed by the new leader');
    await follower.stop();
  });
}
