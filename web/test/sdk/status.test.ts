import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SyncStatus } from '../../src/sdk/api.ts';
import { FakeServer } from './support/fake-server.ts';
import { eventually, freshUser, startSync } from './support/harness.ts';

// An app renders the status from `status` events only (as the app's indicator does): every change of the pending
// count, the transport and the leadership must reach it, not only changes of the connection.
test('a listener of status events sees each pending edit offline, the count going back to 0, and the live transport', async () => {
  const server = new FakeServer();
  const ann = freshUser('ann');
  server.offline = true;
  const tab = startSync(server, ann);
  let shown: SyncStatus | null = null;
  tab.subscribe((e) => { if (e.kind === 'status') shown = tab.status(); });
  await tab.start();
  try {
    await tab.createList('groceries', 'Groceries', 'lww');
    await eventually(() => shown?.connection === 'offline', 5000, 'offline shown');
    for (const title of ['Milk', 'Eggs']) await tab.addItem('groceries', title);
    await eventually(() => shown?.pending === 3, 5000, `3 pending shown (shown: ${JSON.stringify(shown)})`);
    assert.equal(shown!.leader, true, 'the only tab leads, and says so');

    server.offline = false;
    await tab.syncNow();
    await eventually(() => shown?.pending === 0 && shown.connection === 'online', 5000, 'synced shown');
    await eventually(() => shown?.transport === 'live', 5000, 'the live stream shown');
  } finally {
    await tab.stop(); // also when a check fails: a running sync would keep the test process alive
  }
});
