import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClientEvent } from '../../src/domain/index.ts';
import { planRenumbering } from '../../src/sdk/store/renumbering.ts';

const ev = (clientSeq: number): ClientEvent => ({ eventId: `e${clientSeq}`, clientSeq, type: 'ListRenamed', at: { ms: clientSeq, n: 0 }, title: `t${clientSeq}` });
let n = 0;
const fresh = () => `fresh${++n}`;

test('nothing to do when the queue follows the server\'s numbering', () => {
  const plan = planRenumbering([ev(3), ev(4)], 2, 5, fresh);
  assert.equal(plan.moved.length, 0);
  assert.equal(plan.nextClientSeq, 5);
});

test('events after a hole move up, with fresh eventIds, content and clock kept', () => {
  const plan = planRenumbering([ev(1), ev(3), ev(4)], 0, 5, fresh);
  assert.deepEqual(plan.kept.map((e) => e.clientSeq), [1]);
  assert.deepEqual(plan.renumbered.map((e) => [e.clientSeq, e.title, e.at.ms]), [[2, 't3', 3], [3, 't4', 4]]);
  assert.ok(plan.renumbered.every((e) => e.eventId.startsWith('fresh')));
  assert.equal(plan.nextClientSeq, 4);
});

test('orphans (numbers the server consumed for other events) go to the end', () => {
  const plan = planRenumbering([ev(2), ev(3), ev(4)], 3, 5, fresh);
  assert.deepEqual(plan.kept.map((e) => e.clientSeq), [4]);
  assert.deepEqual(plan.renumbered.map((e) => [e.clientSeq, e.title]), [[5, 't2'], [6, 't3']]);
  assert.equal(plan.nextClientSeq, 7);
});
