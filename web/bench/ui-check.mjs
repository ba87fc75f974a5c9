// Tries the app's DOM contract in real Chromium without the stack (a manual check, not a test: web-infra's browser
// tests drive the real stack): the real app on LocalSync (bench/page.ts). Screenshots go to bench/dist/.
//
//   node bench/ui-check.mjs            (from web/)
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { CHROMIUM_ARGS, startBenchServer } from './bench-server.mjs';

const server = await startBenchServer();
const base = server.base;
const shots = server.out;
const listId = 'bench';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
const step = (s) => console.log('ok:', s);
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  await page.goto(base + '/?policy=vector');
  await page.waitForSelector('ul.lists li');
  assert.equal(await page.textContent('.user'), 'ann');
  assert.equal(await page.getAttribute(`ul.lists li a[href="/lists/${listId}"]`, 'href'), `/lists/${listId}`);
  step('home lists ' + await page.textContent('ul.lists li .role'));
  await page.screenshot({ path: shots + 'ui-home.png' });
  await page.click(`ul.lists a[href="/lists/${listId}"]`);
  await page.waitForSelector('.todoapp');
  assert.equal(page.url(), base + `/lists/${listId}`);
  const count = () => page.textContent('.todo-count');
  const titles = () => page.$$eval('.todo-list li label', ls => ls.map(l => l.textContent));
  await page.fill('.new-todo', '  milk  '); await page.press('.new-todo', 'Enter');
  await page.fill('.new-todo', '   '); await page.press('.new-todo', 'Enter');
  await page.fill('.new-todo', 'bread'); await page.press('.new-todo', 'Enter');
  await page.fill('.new-todo', 'eggs'); await page.press('.new-todo', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li').length === 3);
  assert.deepEqual(await titles(), ['milk', 'bread', 'eggs']);
  assert.equal(await count(), '3 items left');
  assert.equal(await page.isVisible('.clear-completed'), false);
  step('add trimmed, empty ignored');
  await page.dblclick('.list-title');
  await page.fill('.list-title-edit', ' Weekly groceries ');
  await page.press('.list-title-edit', 'Enter');
  await page.waitForFunction(() => document.querySelector('.list-title').textContent === 'Weekly groceries');
  await page.dblclick('.list-title');
  await page.fill('.list-title-edit', 'nope');
  await page.press('.list-title-edit', 'Escape');
  assert.equal(await page.textContent('.list-title'), 'Weekly groceries');
  step('rename the list');
  await page.click('.todo-list li:nth-child(1) .toggle');
  await page.waitForFunction(() => document.querySelector('.todo-list li:nth-child(1)').classList.contains('completed'));
  assert.equal(await count(), '2 items left');
  assert.equal(await page.isVisible('.clear-completed'), true);
  step('toggle');
  await page.dblclick('.todo-list li:nth-child(2) label');
  assert.ok(await page.$eval('.todo-list li:nth-child(2)', li => li.classList.contains('editing')));
  await page.fill('.todo-list li.editing .edit', ' rye bread ');
  await page.press('.todo-list li.editing .edit', 'Enter');
  await page.waitForFunction(() => document.querySelector('.todo-list li:nth-child(2) label').textContent === 'rye bread');
  await page.dblclick('.todo-list li:nth-child(2) label');
  await page.fill('.todo-list li.editing .edit', 'nope');
  await page.press('.todo-list li.editing .edit', 'Escape');
  assert.equal(await page.textContent('.todo-list li:nth-child(2) label'), 'rye bread');
  assert.equal(await page.$('.todo-list li.editing'), null);
  await page.dblclick('.todo-list li:nth-child(3) label');
  await page.fill('.todo-list li.editing .edit', 'free-range eggs');
  await page.click('.list-title'); // blur saves
  await page.waitForFunction(() => document.querySelector('.todo-list li:nth-child(3) label')?.textContent === 'free-range eggs');
  await page.dblclick('.todo-list li:nth-child(3) label');
  await page.fill('.todo-list li.editing .edit', '  ');
  await page.press('.todo-list li.editing .edit', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li').length === 2);
  step('edit: Enter saves trimmed, Esc cancels, blur saves, empty deletes');
  await page.fill('.new-todo', 'butter'); await page.press('.new-todo', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li').length === 3);
  await page.click('#toggle-all + label');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li.completed').length === 3);
  assert.equal(await count(), '0 items left');
  await page.click('#toggle-all + label');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li.completed').length === 0);
  assert.equal(await count(), '3 items left');
  await page.click('.todo-list li:nth-child(1) .toggle');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li.completed').length === 1);
  assert.equal(await count(), '2 items left');
  step('toggle all both ways');
  await page.click('.filters a[href="#/active"]');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li').length === 2);
  assert.ok(page.url().endsWith('#/active'));
  assert.equal(await page.textContent('.filters a.selected'), 'Active');
  await page.click('.filters a[href="#/completed"]');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li').length === 1);
  assert.equal(await page.textContent('.filters a.selected'), 'Completed');
  await page.click('.filters a[href="#/"]');
  step('filters in the URL');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li').length >= 2);
  const before = (await page.$$('.todo-list li')).length;
  await page.click('.clear-completed');
  await page.waitForFunction(n => document.querySelectorAll('.todo-list li').length === n - 1, before);
  assert.equal(await page.isVisible('.clear-completed'), false);
  step('clear completed');
  await page.fill('.new-todo', 'one'); await page.press('.new-todo', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li').length === 3);
  await page.click('#toggle-all + label');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li.completed').length === 3);
  await page.click('.todo-list li:nth-child(1) .toggle');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li.completed').length === 2);
  assert.equal(await count(), '1 item left');
  step('singular count');
  // sharing
  await page.fill('form.share input[name=member]', 'bad id!');
  await page.click('form.share button[type=submit]');
  assert.match(await page.textContent('.share-error'), /User/);
  await page.fill('form.share input[name=member]', 'bob');
  await page.selectOption('form.share select[name=role]', 'viewer');
  await page.click('form.share button[type=submit]');
  await page.waitForSelector('.members li[data-member=bob][data-role=viewer]');
  await page.selectOption('.members li[data-member=bob] select', 'editor');
  await page.waitForSelector('.members li[data-member=bob][data-role=editor]');
  await page.click('.members li[data-member=bob] .remove-member');
  await page.waitForFunction(() => !document.querySelector('.members li[data-member=bob]'));
  step('share, change role, remove');
  // keyboard: Enter on a focused label edits
  await page.focus('.todo-list li:nth-child(2) label');
  await page.keyboard.press('Enter');
  assert.ok(await page.$('.todo-list li:nth-child(2).editing'));
  await page.keyboard.press('Escape');
  step('keyboard edit');
  // history panel
  await page.click('.todo-list li:nth-child(1) button.history');
  await page.waitForSelector('.history-panel .history-entry, .history-panel .history-error');
  console.log('   history rows:', await page.$$eval('.history-panel .history-entry, .history-panel .history-error', es => es.map(e => e.textContent)));
  await page.screenshot({ path: shots + 'ui-list.png', fullPage: true });
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('.history-panel'), false);
  step('history panel');
  {
    await page.evaluate(lid => {
      const { sync } = globalThis.bench;
      sync.reject({ listId: lid, eventId: 'e1', clientSeq: 3, type: 'ItemRenamed', reason: 'forbidden', detail: '' });
      sync.setStatus({ connection: 'offline', pending: 4, transport: 'none' });
      sync.emit({ kind: 'mismatch', mismatch: { listId: lid, listVersion: 9, server: 'a'.repeat(64), local: 'b'.repeat(64) } });
      globalThis.bench.conflict();
    }, listId);
    await page.waitForSelector('.todo-list li.conflicted .conflict[data-register=title] button.conflict-choice');
    const choices = await page.$$eval('.todo-list li.conflicted .conflict[data-register=title] button.conflict-choice', bs => bs.map(b => b.textContent));
    console.log('   choices', choices);
    await page.screenshot({ path: shots + 'ui-conflict.png', fullPage: true });
    await page.click(`.todo-list li.conflicted .conflict[data-register=title] button.conflict-choice:text-is("${choices[1]}")`);
    await page.waitForFunction(() => !document.querySelector('.conflict[data-register=title]'));
    step('conflict resolved to ' + choices[1]);
  }
  {
    assert.equal(await page.getAttribute('.sync-status', 'data-connection'), 'offline');
    assert.equal(await page.textContent('.pending-count'), '4');
    await page.waitForSelector('.rejections li');
    await page.click('.rejections li button.dismiss');
    await page.waitForFunction(() => !document.querySelector('.rejections li'));
    assert.ok(await page.isVisible('.digest-mismatch'));
    step('status, rejection dismissed, mismatch');
  }
  await page.setViewportSize({ width: 375, height: 740 });
  await page.screenshot({ path: shots + 'ui-phone.png', fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'no sideways scroll on a phone');
  step('phone width');
  await page.click('a.back');
  await page.waitForSelector('form.new-list');
  await page.fill('form.new-list input[name=title]', 'Hardware store');
  await page.selectOption('form.new-list select[name=policy]', 'vector');
  await page.click('form.new-list button[type=submit]');
  await page.waitForURL(/\/lists\/hardware-store-[a-z0-9]{6}$/);
  await page.waitForFunction(() => document.querySelector('.list-title')?.textContent === 'Hardware store');
  step('create list -> ' + page.url());
  assert.deepEqual(errors, []);
} finally {
  await browser.close();
  server.close();
}
