import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterHash, listPath, parseFilter, parseRoute, safeReturnPath } from '../../src/app/router.ts';

test('the home page is at / (and /index.html)', () => {
  assert.deepEqual(parseRoute('/'), { page: 'home' });
  assert.deepEqual(parseRoute('/index.html'), { page: 'home' });
  assert.deepEqual(parseRoute('/lists'), { page: 'home' });
});

test('a list is at /lists/{listId}, with or without a trailing slash', () => {
  assert.deepEqual(parseRoute('/lists/groceries-x1'), { page: 'list', listId: 'groceries-x1' });
  assert.deepEqual(parseRoute('/lists/groceries/'), { page: 'list', listId: 'groceries' });
  assert.equal(listPath('groceries-x1'), '/lists/groceries-x1');
});

test('a list address whose id breaks the id pattern is not found', () => {
  assert.equal(parseRoute('/lists/has%20space').page, 'not-found');
  assert.equal(parseRoute('/lists/' + 'a'.repeat(65)).page, 'not-found');
  assert.equal(parseRoute('/lists/%E0%A4%A').page, 'not-found');
  assert.equal(parseRoute('/lists/a/b').page, 'not-found');
  assert.equal(parseRoute('/nowhere').page, 'not-found');
});

test('the sign-in callback is at /callback', () => {
  assert.deepEqual(parseRoute('/callback'), { page: 'callback' });
});

test('filters come from the hash as TodoMVC writes them', () => {
  assert.equal(parseFilter(''), 'all');
  assert.equal(parseFilter('#/'), 'all');
  assert.equal(parseFilter('#/active'), 'active');
  assert.equal(parseFilter('#/completed'), 'completed');
  assert.equal(parseFilter('#/bogus'), 'all');
  assert.equal(filterHash('all'), '#/');
  assert.equal(filterHash('active'), '#/active');
  assert.equal(filterHash('completed'), '#/completed');
});

test('after sign-in only paths of this app are followed', () => {
  assert.equal(safeReturnPath('/lists/a#/active'), '/lists/a#/active');
  assert.equal(safeReturnPath('https://evil.example/'), '/');
  assert.equal(safeReturnPath('//evil.example/'), '/');
  assert.equal(safeReturnPath('/\\evil.example'), '/');
  assert.equal(safeReturnPath(''), '/');
  assert.equal(safeReturnPath(null), '/');
});
