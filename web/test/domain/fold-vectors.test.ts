// One fold, two languages: every fold vector the Java domain generated folds to the same state here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalState, type Policy, stateDigest, TodoList } from '../../src/domain/index.ts';
import { CLOCK_FILE, type FoldVector, readVectors, STAMPER_FILE, vectorFiles } from './vectors.ts';

const files = vectorFiles().filter((f) => f !== STAMPER_FILE && f !== CLOCK_FILE);

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

  it('fold under a policy override as the Java what-if fold does', async () => {
    let checked = 0;
    for (const v of readVectors<FoldVector>('hand-written.json')) {
      for (const [policy, expected] of Object.entries(v.whatIf ?? {})) {
        const list = new TodoList(v.listId, policy as Policy);
        v.log.forEach((entry) => list.apply(entry));
        assert.equal(list.policy, policy);
        assert.deepEqual(list.visibleItems(), expected.items, `${v.name} as ${policy}: items`);
        assert.equal(await stateDigest(list), expected.digest, `${v.name} as ${policy}: digest`);
        checked++;
      }
    }
    assert.ok(checked >= 90, `only ${checked} what-if folds`);
  });

  it('fold the same entry by entry, with entries replayed, and leave copies untouched', () => {
    for (const v of readVectors<FoldVector>('hand-written.json')) {
      const list = new TodoList(v.listId);
      const copies: [TodoList, string, number][] = [];
      for (const entry of v.log) {
        list.apply(entry);
        assert.equal(list.apply(entry), false, `${v.name}: a replayed entry changes nothing`);
        copies.push([list.copy(), canonicalState(list), list.listVersion]);
      }
      assert.equal(canonicalState(list), v.expected.canonical, v.name);
      for (const [copy, canonical, version] of copies) { // the list folded on; its copies did not move
        assert.equal(canonicalState(copy), canonical, `${v.name}: copy at v${version}`);
        assert.equal(copy.listVersion, version);
      }
      const last = copies.at(-1)![0];
      assert.deepEqual(last.members, list.members, `${v.name}: members of a copy`);
      assert.deepEqual(last.clientSeqs, list.clientSeqs, `${v.name}: clientSeqs of a copy`);
    }
  });
});
