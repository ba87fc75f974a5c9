import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryText } from '../../src/app/components/history-panel.ts';
import { rejectionText } from '../../src/app/components/rejections.ts';
import { parseConfig } from '../../src/app/config.ts';
import { frameScheduler } from '../../src/app/dom.ts';
import { sortLists } from '../../src/app/pages/home.ts';
import { canEdit, canShare } from '../../src/app/roles.ts';

test('a history row says the version, the writer and each register\'s outcome', () => {
  const text = entryText({ listVersion: 5, clientId: 'bob-laptop', type: 'ItemRenamed',
    registers: { title: { value: 'Buy oat milk', outcome: 'lost', lostTo: 7 } } });
  assert.equal(text, 'v5 ItemRenamed by bob-laptop: title “Buy oat milk” lost to v7');
  const deleted = entryText({ listVersion: 9, clientId: 'ann', type: 'ItemDeleted', registers: {}, outcome: 'deleted' });
  assert.equal(deleted, 'v9 ItemDeleted by ann: deleted the item');
  const done = entryText({ listVersion: 3, clientId: 'ann', type: 'ItemCompleted',
    registers: { completed: { value: true, outcome: 'sibling' } } });
  assert.equal(done, 'v3 ItemCompleted by ann: completed done kept as a conflicting value');
});

test('a rejection reads as words, and an unknown reason is shown as it is', () => {
  const r = { listId: 'l', eventId: 'e', clientSeq: 3, type: 'ItemRenamed', reason: 'forbidden', detail: '' };
  assert.equal(rejectionText(r), 'ItemRenamed refused: you may not make this change in this list');
  assert.equal(rejectionText({ ...r, reason: 'list-limit', detail: 'items' }), 'ItemRenamed refused: the list is at one of its limits (items)');
  assert.equal(rejectionText({ ...r, reason: 'new-reason' }), 'ItemRenamed refused: new-reason');
});

test('config.json needs every field', () => {
  const ok = { gatewayUrl: 'g', queryUrl: 'q', issuerUrl: 'i', clientId: 'offline-sync-web', redirectUri: 'r', extra: 1 };
  assert.deepEqual(parseConfig(ok), { gatewayUrl: 'g', queryUrl: 'q', issuerUrl: 'i', clientId: 'offline-sync-web', redirectUri: 'r' });
  assert.throws(() => parseConfig({ ...ok, queryUrl: '' }), /queryUrl/);
  assert.throws(() => parseConfig(null), /not an object/);
});

test('a burst of changes renders once per frame', () => {
  const frames: Array<() => void> = [];
  let renders = 0;
  const schedule = frameScheduler(() => { renders++; }, cb => frames.push(cb));
  for (let i = 0; i < 10_000; i++) schedule();
  assert.equal(frames.length, 1);
  frames.shift()!();
  assert.equal(renders, 1);
  schedule();
  assert.equal(frames.length, 1, 'a change after the frame asks for the next one');
});

test('lists sort by title, then id', () => {
  const l = (listId: string, title: string) => ({ listId, title, role: null, listVersion: 0, local: true });
  assert.deepEqual(sortLists([l('b', 'Zoo'), l('c', 'Apples'), l('a', 'Apples')]).map(x => x.listId), ['a', 'c', 'b']);
});

test('viewers read only; owners (and the creator of a list not yet confirmed) share', () => {
  assert.deepEqual(['owner', 'editor', 'viewer', null].map(r => canEdit(r as never)), [true, true, false, true]);
  assert.deepEqual(['owner', 'editor', 'viewer', null].map(r => canShare(r as never)), [true, false, false, true]);
});

test('a row is redrawn only when what it shows changed', async () => {
  const { sameItem } = await import('../../src/app/components/todo-list.ts');
  const a = { itemId: 'a', title: 'milk', completed: false, conflicts: {} };
  assert.equal(sameItem(a, { ...a }), true);
  assert.equal(sameItem(a, { ...a, title: 'oat milk' }), false);
  assert.equal(sameItem(a, { ...a, completed: true }), false);
  assert.equal(sameItem(a, { ...a, conflicts: { title: ['x', 'y'] } }), false);
  assert.equal(sameItem({ ...a, conflicts: { title: ['x', 'y'] } }, { ...a, conflicts: { title: ['x', 'y'] } }), true);
});
