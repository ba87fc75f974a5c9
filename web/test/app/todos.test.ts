import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ItemView } from '../../src/sdk/api.ts';
import {
  activeCount, allCompleted, editOutcome, hasCompleted, itemsLeftLabel, newTitle, toggleAllTargets, visibleItems,
} from '../../src/app/todos.ts';

const item = (itemId: string, completed: boolean): ItemView => ({ itemId, title: itemId, completed, conflicts: {} });
const items = [item('a', false), item('b', true), item('c', false)];

test('filters keep the list order', () => {
  assert.deepEqual(visibleItems(items, 'all').map(i => i.itemId), ['a', 'b', 'c']);
  assert.deepEqual(visibleItems(items, 'active').map(i => i.itemId), ['a', 'c']);
  assert.deepEqual(visibleItems(items, 'completed').map(i => i.itemId), ['b']);
});

test('"N items left" is singular for one', () => {
  assert.equal(activeCount(items), 2);
  assert.equal(itemsLeftLabel(0), 'items left');
  assert.equal(itemsLeftLabel(1), 'item left');
  assert.equal(itemsLeftLabel(2), 'items left');
});

test('clear completed is offered only when something is completed', () => {
  assert.equal(hasCompleted(items), true);
  assert.equal(hasCompleted([item('a', false)]), false);
  assert.equal(hasCompleted([]), false);
});

test('a new todo is trimmed, and an empty one is ignored', () => {
  assert.equal(newTitle('  milk \n'), 'milk');
  assert.equal(newTitle('   '), null);
  assert.equal(newTitle(''), null);
});

test('saving an edit: trimmed rename, empty deletes, same title changes nothing', () => {
  assert.deepEqual(editOutcome('milk', ' oat milk '), { kind: 'rename', title: 'oat milk' });
  assert.deepEqual(editOutcome('milk', '  '), { kind: 'delete' });
  assert.deepEqual(editOutcome('milk', 'milk '), { kind: 'unchanged' });
});

test('toggle all completes the open items, or reopens all when all are done', () => {
  assert.deepEqual(toggleAllTargets(items), { completed: true, itemIds: ['a', 'c'] });
  const done = [item('a', true), item('b', true)];
  assert.equal(allCompleted(done), true);
  assert.deepEqual(toggleAllTargets(done), { completed: false, itemIds: ['a', 'b'] });
  assert.equal(allCompleted([]), false);
});
