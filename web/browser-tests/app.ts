// The TodoMVC app as the browser tests drive it, through the DOM contract only (web/README, "The app's DOM
// contract"): sign-in, lists, items, sharing, the sync indicator. Every wait has a deadline.
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { apiToken, fillIssuerLogin, queryGet, screenshot, stack, waitFor } from './harness.ts';
import { TodoList, canonicalState, stateDigest, type LogEntry } from '../src/domain/index.ts';

export interface ItemShown { itemId: string; title: string; completed: boolean; conflicted: boolean }
export interface ItemState { itemId: string; title: string; completed: boolean; conflicts: Record<string, unknown[]> }

const WAIT = 30_000;

/** Opens the app in a new tab of `context` and signs `user` in on the issuer's page; back on the home page. */
export async function signIn(context: BrowserContext, user: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${stack.webUrl}/`);
  await page.click('button.sign-in', { timeout: WAIT });
  await fillIssuerLogin(page, user);
  await page.waitForSelector('.user', { timeout: WAIT });
  assert.equal((await page.textContent('.user'))?.trim(), user);
  return page;
}

/** Creates a list from the home page and waits for its page. */
export async function createList(page: Page, listId: string, title: string, policy: 'lww' | 'counter' | 'vector'): Promise<void> {
  await page.fill('form.new-list input[name=title]', title);
  await page.selectOption('form.new-list select[name=policy]', policy);
  await page.fill('form.new-list input[name=listId]', listId);
  await page.click('form.new-list [type=submit]');
  await page.waitForURL(`${stack.webUrl}/lists/${listId}**`, { timeout: WAIT });
  await page.waitForSelector('.todoapp .new-todo', { timeout: WAIT });
}

/** Opens a list from the home page's `ul.lists`, where it must show up with `role`. */
export async function openFromHome(page: Page, listId: string, role: string): Promise<void> {
  const link = `ul.lists li a[href="/lists/${listId}"]`;
  // the home page reads the user's lists when it opens; a list shared a moment ago may need a reload, as a person would
  await waitFor(`${listId} on the home page`, async () => {
    if (await page.locator(link).isVisible()) return true;
    await page.waitForSelector(link, { timeout: 3_000 }).catch(() => page.reload());
    return false;
  }, WAIT);
  await waitFor(`${listId} listed with role ${role}`, async () =>
    (await page.locator('ul.lists li', { has: page.locator(`a[href="/lists/${listId}"]`) }).locator('.role').textContent())
      ?.includes(role), WAIT);
  await page.click(link);
  await page.waitForSelector('.todoapp .new-todo', { timeout: WAIT });
}

export async function addTodo(page: Page, title: string): Promise<void> {
  const before = await page.locator('.todo-list li').count();
  await page.fill('.new-todo', title);
  await page.press('.new-todo', 'Enter');
  await waitFor(`"${title}" in the list`, async () => (await page.locator('.todo-list li').count()) > before, WAIT);
}

function item(page: Page, title: string) {
  return page.locator('.todo-list li', { has: page.locator('label', { hasText: new RegExp(`^${escape(title)}$`) }) });
}

export async function toggle(page: Page, title: string): Promise<void> {
  await item(page, title).locator('.toggle').click();
}

/** Double-click the label, type the new title, Enter (TodoMVC's edit). */
export async function rename(page: Page, title: string, next: string): Promise<void> {
  const li = item(page, title);
  await li.locator('label').dblclick();
  await li.locator('.edit').fill(next);
  await li.locator('.edit').press('Enter');
  await page.waitForSelector(`.todo-list li label:text-is("${next}")`, { timeout: WAIT });
}

export async function share(page: Page, member: string, role: 'owner' | 'editor' | 'viewer'): Promise<void> {
  await page.fill('form.share input[name=member]', member);
  await page.selectOption('form.share select[name=role]', role);
  await page.click('form.share [type=submit]');
  await page.waitForSelector(`.members li[data-member="${member}"][data-role="${role}"]`, { timeout: WAIT });
}

/** The items the page shows (every filter off: the test stays on #/). */
export async function shown(page: Page): Promise<ItemShown[]> {
  return page.$$eval('.todo-list li[data-item-id]', (lis) => lis.map((li) => ({
    itemId: li.getAttribute('data-item-id')!,
    title: li.querySelector('label')?.textContent ?? '',
    completed: li.classList.contains('completed'),
    conflicted: li.classList.contains('conflicted'),
  })));
}

export async function connection(page: Page): Promise<string | null> {
  return page.getAttribute('.sync-status', 'data-connection');
}

export async function pending(page: Page): Promise<number> {
  return Number((await page.textContent('.pending-count'))?.trim());
}

/** Runs the scenario; on a failure, screenshots of every page of the contexts first (FAILED-NAME-N.png). */
export async function withScreenshotsOnFailure(name: string, contexts: BrowserContext[], scenario: () => Promise<void>): Promise<void> {
  try {
    await scenario();
  } catch (error) {
    let n = 0;
    for (const context of contexts) {
      for (const page of context.pages()) {
        await screenshot(page, `FAILED-${name}-${++n}`).catch(() => undefined);
      }
    }
    throw error;
  }
}

/** Edits queued in the page's IndexedDB (the SDK's `pending` store, every database of the origin): for failure messages. */
export async function storedPending(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let total = 0;
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      total += await new Promise<number>((done) => {
        const req = indexedDB.open(name);
        req.onerror = () => done(0);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('pending')) { db.close(); done(0); return; }
          const count = db.transaction('pending', 'readonly').objectStore('pending').count();
          count.onsuccess = () => { db.close(); done(count.result); };
          count.onerror = () => { db.close(); done(0); };
        };
      });
    }
    return total;
  });
}

/** Waits until the page is online with nothing pending. */
export async function settled(page: Page, what: string): Promise<void> {
  let seen = '';
  await waitFor(`${what}: online, 0 pending`, async () => {
    const [state, count] = [await connection(page), await pending(page)];
    seen = `${state}, ${count} pending`;
    return state === 'online' && count === 0;
  }, WAIT).catch((error: Error) => { throw new Error(`${error.message} (the page showed: ${seen})`); });
}

/** Waits until the service worker controls the page (the shell then opens with no network). */
export async function serviceWorkerReady(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await waitFor('the service worker controls the page', () =>
    page.evaluate(() => navigator.serviceWorker.controller !== null), WAIT);
}

/** The list's state as the query-api serves it (GET /v1/lists/{id}), read with `user`'s token. */
export async function serverState(listId: string, user: string): Promise<{ listVersion: number; items: ItemState[];
  members: Record<string, string> }> {
  const answer = await queryGet<{ listVersion: number; items: ItemState[]; members: Record<string, string> }>(
    `/v1/lists/${encodeURIComponent(listId)}`, await apiToken(user));
  assert.equal(answer.status, 200, `GET /v1/lists/${listId}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The page shows exactly the server's items (ids, titles, done), in the server's order. */
export async function showsServerState(page: Page, listId: string, user: string): Promise<boolean> {
  const server = await serverState(listId, user);
  const expected = server.items.map((i) => ({ itemId: i.itemId, title: i.title, completed: i.completed }));
  const actual = (await shown(page)).map(({ itemId, title, completed }) => ({ itemId, title, completed }));
  return JSON.stringify(actual) === JSON.stringify(expected);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The TypeScript fold of the server's real log gives the digest the server's projection v2 computed in Java
 * (`stateHash`), at the same listVersion: the two folds agree on a log made by browsers, not only on the vectors.
 */
export async function digestAgreesWithServer(listId: string, user: string): Promise<void> {
  const token = await apiToken(user);
  await waitFor(`${listId}: the TypeScript fold's digest is projection v2's stateHash`, async () => {
    const page = await queryGet<{ events: LogEntry[]; upToDate: boolean }>(`/v1/lists/${listId}/events?after=0&limit=1000`, token);
    const v2 = await queryGet<{ listVersion: number; stateHash?: string }>(`/v1/lists/${listId}?projection=v2`, token);
    if (page.status !== 200 || !page.body.upToDate || v2.status !== 200) return false;
    const folded = TodoList.fold(listId, page.body.events);
    if (folded.listVersion !== v2.body.listVersion) return false; // one of the two reads trails: read both again
    assert.equal(await stateDigest(folded), v2.body.stateHash, `${listId} at ${folded.listVersion}: ${canonicalState(folded)}`);
    return true;
  }, 30_000);
}
