// One fold, two languages: every fold vector the Java domain generated folds to the same state here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalState, stateDigest, TodoList } from '../../src/domain/index.ts';
import { type FoldVector, readVectors, STAMPER_FILE, vectorFiles } from './vectors.ts';

const files = vectorFiles().filter((f) => f !== STAMPER_FILE);

describe('fold vectors', () => {
  it('are all there (hand-written and thousands of randomized histories)', () => {
    assert.ok(files.includes('hand-written.json'), `no hand-written.json in ${files.join(', ')}`);
    const count = files.reduce((n, f) => n + readVectors<FoldVector>(f).length, 0);
    assert.ok(count >= 3000, `only ${count} vectors`);
  });

  for (const file of files) {
    it(`${file}: every log folds to its expected state, canonical text and digest`, async () => {
      const vectors = readVectors<FoldVector>(file);
      for (const v of vectors) {
        const list = TodoList.fold(v.listId, v.log);
        const e = v.expected;
        const what = `${file}: ${v.name}`;
        assert.equal(list.created, e.created, `${what}: created`);
        assert.equal(list.title, e.title, `${what}: title`);
        assert.equal(list.policy, e.policy, `${what}: policy`);
        assert.equal(list.listVersion, e.listVersion, `${what}: listVersion`);
        assert.deepEqual(list.clientSeqs, e.clientSeqs, `${what}: clientSeqs`);
        assert.deepEqual(list.members, e.members, `${what}: members`);
        assert.deepEqual(list.visibleItems(), e.items, `${what}: items`);
        assert.equal(canonicalState(list), e.canonical, `${what}: canonical`);
        assert.equal(await stateDigest(list), e.digest, `${what}: digest`);
      }
    });
  }

  it('fold the same entry by entry, on a copy, and with pages replayed', () => {
    for (const v of readVectors<FoldVector>('hand-written.json')) {
      const list = new TodoList(v.listId);
      let copy = list.copy();
      v.log.forEach((entry, i) => {
        list.apply(entry);
        if (i % 3 === 0) copy = list.copy(); // copies stay independent of the list they came from
        assert.equal(list.apply(entry), false, `${v.name}: a replayed entry changes nothing`);
      });
      for (const entry of v.log) copy.apply(entry);
      assert.equal(canonicalState(copy), v.expected.canonical, v.name);
      assert.equal(canonicalState(list), v.expected.canonical, v.name);
    }
  });
});
