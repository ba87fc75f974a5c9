// The app picks its derivation from config.json's `projection`, and shows v3's archived section.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { archivedItems, appProjection } from '../../src/app/projection.ts';
import { parseConfig } from '../../src/app/config.ts';

test('config.json names the projection the app runs: v1, v2, v3, or none for the SDK default', () => {
  assert.deepEqual([appProjection('v1')?.name, appProjection('v2')?.name, appProjection('v3')?.id], ['v1', 'v2', 'todo-archive']);
  assert.equal(appProjection(undefined), undefined);
  assert.throws(() => appProjection('v9'), /"projection" must be one of v1, v2, v3, was "v9"/);
  const ok = { gatewayUrl: 'g', queryUrl: 'q', issuerUrl: 'i', clientId: 'c', redirectUri: 'r' };
  assert.equal(parseConfig({ ...ok, projection: 'v3' }).projection, 'v3');
  assert.equal('projection' in parseConfig(ok), false);
  assert.throws(() => parseConfig({ ...ok, projection: 3 }), /projection/);
});

test('the archived section is v3\'s, and empty for views without one', () => {
  const archived = [{ itemId: 'milk', title: 'Milk', completedAt: 5 }];
  assert.deepEqual(archivedItems({ items: [], archived }), archived);
  assert.deepEqual(archivedItems({ items: [] }), []);
  assert.deepEqual(archivedItems(undefined), []);
});
