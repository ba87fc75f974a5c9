// The app in two browser profiles: ann and bob share a list; bob goes offline, both edit the same items, bob
// reloads the page with no network (the service worker serves the shell, his edits survive in IndexedDB), comes
// back, and both pages converge to the server's state, checked in the DOM and against the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, newContext, screenshot, waitFor } from './harness.ts';
import { addTodo, connection, createList, digestAgreesWithServer, openFromHome, pending, rename, serverState, serviceWorkerReady, settled,
  share, showsServerState, shown, signIn, storedPending, toggle, withScreenshotsOnFailure } from './app.ts';

let browser: Browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test('two users share a list, one edits offline and reloads offline, both converge to the server', async () => {
  const listId = `shared-${Date.now()}`;
  const annContext = await newContext(browser, {}, 'ann');
  const bobContext = await newContext(browser, {}, 'bob');
  try { await withScreenshotsOnFailure('collaboration', [annContext, bobContext], async () => {
    const ann = await signIn(annContext, 'ann');
    await screenshot(ann, 'collaboration-1-home-signed-in');
    await createList(ann, listId, 'Weekend shopping', 'lww');
    for (const title of ['Milk', 'Eggs', 'Bread']) {
      await addTodo(ann, title);
    }
    await settled(ann, 'ann after adding three items');
    await share(ann, 'bob', 'editor');
    await settled(ann, 'ann after sharing');

    const bob = await signIn(bobContext, 'bob');
    await openFromHome(bob, listId, 'editor');
    await waitFor('bob sees the three items', async () => (await shown(bob)).length === 3, 30_000);
    await serviceWorkerReady(bob);
    await settled(bob, 'bob online');
    await screenshot(ann, 'collaboration-2-ann-shared');
    await screenshot(bob, 'collaboration-2-bob-opened');

    // bob offline: his edits queue up
    await bobContext.setOffline(true);
    await toggle(bob, 'Milk');
    await rename(bob, 'Eggs', 'Eggs (bob)');
    await addTodo(bob, 'Butter');
    // checked now, asserted at the end: a wrong count must not hide what follows
    let seen = '';
    const offlineCount = await waitFor('bob offline with 3 pending edits', async () => {
      const now = `${await connection(bob)}, ${await pending(bob)} pending`;
      if (now !== seen) console.log(`# bob's status: ${(seen = now)}`);
      return now === 'offline, 3 pending';
    }, 30_000).then(() => null, async () => `before the reload bob's page showed "${seen}" after 3 offline edits, not`
      + ` "offline, 3 pending" (its IndexedDB held ${await storedPending(bob)} pending edits)`);

    // ann, online, edits the same items
    await rename(ann, 'Eggs', 'Eggs (ann)');
    await toggle(ann, 'Milk');
    await toggle(ann, 'Bread');
    await settled(ann, 'ann after her edits');
    await screenshot(bob, 'collaboration-3-bob-offline-edits');

    // bob reloads with no network: the shell comes from the service worker, his edits from IndexedDB
    await bob.reload({ waitUntil: 'domcontentloaded' });
    await bob.waitForSelector('.todoapp .new-todo', { timeout: 30_000 });
    await waitFor('bob\'s offline edits after the offline reload', async () => {
      const items = await shown(bob);
      const byTitle = new Map(items.map((i) => [i.title, i]));
      // Eggs may show ann's title: setOffline blocks new requests, not a live stream already open
      return byTitle.get('Milk')?.completed === true && byTitle.has('Butter')
        && (await pending(bob)) === 3 && (await connection(bob)) === 'offline';
    }, 30_000);
    await screenshot(bob, 'collaboration-4-bob-reloaded-offline');

    // back online: both pages show exactly what the server has
    await bobContext.setOffline(false);
    await settled(bob, 'bob back online');
    await waitFor('ann\'s page shows the server\'s state', () => showsServerState(ann, listId, 'ann'), 30_000);
    await waitFor('bob\'s page shows the server\'s state', () => showsServerState(bob, listId, 'bob'), 30_000);
    const server = await serverState(listId, 'ann');
    assert.deepEqual(server.members, { ann: 'owner', bob: 'editor' });
    assert.equal(server.items.length, 4, JSON.stringify(server.items));
    assert.ok(server.items.some((i) => i.title === 'Butter'), 'bob\'s offline add reached the server');
    assert.ok(server.items.find((i) => i.title === 'Bread')?.completed, 'ann\'s toggle reached the server');
    assert.deepEqual(await shown(ann), await shown(bob));
    await digestAgreesWithServer(listId, 'ann');
    await screenshot(ann, 'collaboration-5-ann-converged');
    await screenshot(bob, 'collaboration-5-bob-converged');
    assert.equal(offlineCount, null, offlineCount ?? '');
  }); } finally {
    await annContext.close();
    await bobContext.close();
  }
});
