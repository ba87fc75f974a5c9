// Two tabs of one user (one profile): edits from either tab are pushed once, both tabs show the same; and a
// conflict under `vector` (two users rename one item offline) shown on the page and resolved from it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiToken, launchChromium, newContext, queryGet, screenshot, stack, waitFor } from './harness.ts';
import { addTodo, createList, digestAgreesWithServer, openFromHome, rename, serverState, settled, share, showsServerState, shown, signIn,
  storedPending, toggle, withScreenshotsOnFailure } from './app.ts';

interface Entry { type: string; clientId: string; clientSeq: number; eventId: string; itemId?: string }

let browser: Browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

async function log(listId: string, user: string): Promise<Entry[]> {
  const answer = await queryGet<{ events: Entry[] }>(`/v1/lists/${listId}/events?after=0&limit=500`, await apiToken(user));
  assert.equal(answer.status, 200);
  return answer.body.events;
}

test('two tabs of one user: each edit is in the log once and both tabs show the same', async () => {
  const listId = `tabs-${Date.now()}`;
  const context = await newContext(browser, {}, 'carol');
  try { await withScreenshotsOnFailure('tabs', [context], async () => {
    const first = await signIn(context, 'carol');
    await createList(first, listId, 'Two tabs', 'lww');
    const second = await context.newPage();
    await second.goto(`${stack.webUrl}/lists/${listId}`);
    await second.waitForSelector('.todoapp .new-todo', { timeout: 30_000 });

    await addTodo(first, 'From the first tab');
    await addTodo(second, 'From the second tab');
    await waitFor('both tabs show both items', async () =>
      (await shown(first)).length === 2 && (await shown(second)).length === 2, 30_000);
    await toggle(first, 'From the second tab');
    await rename(second, 'From the first tab', 'Renamed in the second tab');
    // both edits on the server first: the rename is still being written to IndexedDB when the test's keypress
    // returns, so a tab can look settled and equal to the server before the rename exists anywhere
    await waitFor('both edits on the server', async () => {
      const items = (await serverState(listId, 'carol')).items;
      return items.some((i) => i.title === 'Renamed in the second tab')
        && items.some((i) => i.title === 'From the second tab' && i.completed);
    }, 30_000);
    await settled(first, 'first tab');
    await waitFor('the first tab shows the server\'s state', () => showsServerState(first, listId, 'carol'), 30_000);
    await waitFor('the second tab shows the server\'s state', () => showsServerState(second, listId, 'carol'), 30_000);
    assert.deepEqual(await shown(first), await shown(second));

    const entries = await log(listId, 'carol');
    assert.deepEqual(entries.filter((e) => e.type === 'Rejected'), [], 'nothing rejected');
    const identities = entries.map((e) => `${e.clientId}/${e.clientSeq}`);
    assert.equal(new Set(identities).size, identities.length, `each (clientId, clientSeq) once: ${identities}`);
    const eventIds = entries.map((e) => e.eventId);
    assert.equal(new Set(eventIds).size, eventIds.length, 'each eventId once');
    const types = entries.map((e) => e.type).sort();
    assert.deepEqual(types, ['ItemAdded', 'ItemAdded', 'ItemCompleted', 'ItemRenamed', 'ListCreated'].sort(),
      `one entry per edit: ${JSON.stringify(entries)}`);
    await screenshot(first, 'tabs-first');
    await screenshot(second, 'tabs-second');
    // last, so that a wrong indicator does not hide the checks above
    await settled(second, 'second tab').catch(async (error: Error) => {
      throw new Error(`${error.message}; the profile's IndexedDB holds ${await storedPending(second)} pending edits`);
    });
  }); } finally {
    await context.close();
  }
});

test('a conflict under vector is shown with both values and resolved from the page', async () => {
  const listId = `conflict-${Date.now()}`;
  const daveContext = await newContext(browser, {}, 'dave');
  const erinContext = await newContext(browser, {}, 'erin');
  try { await withScreenshotsOnFailure('conflict', [daveContext, erinContext], async () => {
    const dave = await signIn(daveContext, 'dave');
    await createList(dave, listId, 'Tea', 'vector');
    await addTodo(dave, 'Tea');
    await share(dave, 'erin', 'editor');
    await settled(dave, 'dave');
    const erin = await signIn(erinContext, 'erin');
    await openFromHome(erin, listId, 'editor');
    await waitFor('erin sees the item', async () => (await shown(erin)).length === 1, 30_000);
    await settled(erin, 'erin');

    // both rename the same item while offline: neither saw the other's edit
    await daveContext.setOffline(true);
    await erinContext.setOffline(true);
    await rename(dave, 'Tea', 'Green tea');
    await rename(erin, 'Tea', 'Black tea');
    await daveContext.setOffline(false);
    await erinContext.setOffline(false);
    await settled(dave, 'dave back online');
    await settled(erin, 'erin back online');

    const choices = '.todo-list li.conflicted .conflict[data-register=title] button.conflict-choice';
    await waitFor('dave sees both titles to choose from', async () => {
      const values = (await dave.$$eval(choices, (buttons) => buttons.map((b) => b.textContent))).sort();
      return JSON.stringify(values) === JSON.stringify(['Black tea', 'Green tea']);
    }, 30_000);
    // the page folds the log as the index serves it; the state endpoint reads the projection, which may trail it
    await waitFor('the server\'s state keeps both titles as siblings', async () => {
      const state = await serverState(listId, 'dave');
      return JSON.stringify([...(state.items[0]?.conflicts.title ?? [])].sort()) === JSON.stringify(['Black tea', 'Green tea']);
    }, 30_000);
    await digestAgreesWithServer(listId, 'dave'); // with the conflict in it
    await screenshot(dave, 'conflict-1-shown');

    await dave.click(`${choices}:text-is("Green tea")`);
    await waitFor('the conflict is resolved on the server', async () => {
      const item = (await serverState(listId, 'dave')).items[0]!;
      return item.title === 'Green tea' && !(item.conflicts.title?.length);
    }, 30_000);
    for (const [page, who] of [[dave, 'dave'], [erin, 'erin']] as const) {
      await waitFor(`${who}'s page: one title, no conflict`, async () => {
        const items = await shown(page);
        return items.length === 1 && items[0]!.title === 'Green tea' && !items[0]!.conflicted;
      }, 30_000);
    }
    await screenshot(erin, 'conflict-2-resolved');

    // the item's history (explain) lists its writes
    await dave.click('.todo-list li button.history');
    await waitFor('the history panel lists the item\'s writes', async () =>
      (await dave.locator('.history-panel .history-entry').count()) >= 3, 30_000);
    await screenshot(dave, 'conflict-3-history');
  }); } finally {
    await daveContext.close();
    await erinContext.close();
  }
});
