import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveListId, isId, slug } from '../../src/app/list-id.ts';

test('a list id made from a title is a slug plus a random suffix, inside the id pattern', () => {
  const id = deriveListId('Groceries for Saturday!', () => 0);
  assert.equal(id, 'groceries-for-saturday-aaaaaa');
  assert.ok(isId(id));
});

test('titles with nothing usable still give a valid id', () => {
  assert.equal(slug('Crème brûlée'), 'creme-brulee');
  assert.match(deriveListId('日本語のリスト'), /^list-[a-z0-9]{6}$/);
  const long = deriveListId('x'.repeat(500) + ' end');
  assert.ok(isId(long) && long.length <= 64, long);
});

test('two lists with the same title get different ids', () => {
  const ids = new Set(Array.from({ length: 50 }, () => deriveListId('Groceries')));
  assert.equal(ids.size, 50);
});

test('the id pattern is the protocol\'s', () => {
  assert.ok(isId('a_b-C9'));
  assert.ok(!isId(''));
  assert.ok(!isId('a b'));
  assert.ok(!isId('a'.repeat(65)));
});
