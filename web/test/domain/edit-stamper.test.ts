// The TypeScript EditStamper stamps what Java's does, on the items the vectors hold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EditStamper, type ItemState } from '../../src/domain/index.ts';
import { readVectors, STAMPER_FILE, type StamperVector } from './vectors.ts';

describe('EditStamper', () => {
  it('stamps every edit kind as the Java EditStamper did, on every vector item', () => {
    const vectors = readVectors<StamperVector>(STAMPER_FILE);
    assert.ok(vectors.length > 100);
    for (const v of vectors) {
      const stamper = new EditStamper(v.clientId);
      const item = v.item ?? undefined;
      assert.deepEqual(stamper.add(item), v.stamped.add, `${v.name}: add`);
      if (item) {
        assert.deepEqual(stamper.rename(item), v.stamped.rename, `${v.name}: rename`);
        assert.deepEqual(stamper.complete(item), v.stamped.complete, `${v.name}: complete`);
        assert.deepEqual(stamper.reopen(item), v.stamped.reopen, `${v.name}: reopen`);
        assert.deepEqual(stamper.delete(item), v.stamped.delete, `${v.name}: delete`);
      }
    }
  });

  it('stamps a first edit with count 1 and its own clock entry', () => {
    assert.deepEqual(new EditStamper('ann-phone').add(undefined), { count: 1, vclock: { 'ann-phone': 1 } });
  });

  it('merges sibling clocks and counts: a rename after a conflict dominates every sibling', () => {
    const w = (value: string, clientId: string, count: number, vclock: Record<string, number>) =>
      ({ value, at: { ms: 1, n: 0 }, clientId, count, vclock, listVersion: 1 });
    const item: ItemState = {
      itemId: 'milk', addedVersion: 1, deletedVersion: null,
      title: [w('Oat', 'bob', 2, { ann: 1, bob: 1 }), w('Soy', 'cat', 3, { ann: 1, cat: 2 })],
      completed: [{ value: false, at: { ms: 1, n: 0 }, clientId: 'ann', count: 1, vclock: { ann: 1 }, listVersion: 1 }],
      addedAtMs: 0, updatedAtMs: 0,
    };
    assert.deepEqual(new EditStamper('ann').rename(item), { count: 4, vclock: { ann: 2, bob: 1, cat: 2 } });
    assert.deepEqual(new EditStamper('ann').complete(item), { count: 2, vclock: { ann: 2 } });
    assert.deepEqual(new EditStamper('dan').delete(item), { count: 4, vclock: { ann: 1, bob: 1, cat: 2, dan: 1 } });
  });
});
