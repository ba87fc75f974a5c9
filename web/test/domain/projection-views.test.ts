// Projections v1 and v2 in TypeScript serve what Java's TodoListProjection serves, key for key and in the same key
// order (compared as JSON text), on every fold vector; and the Projection contract holds (copies, skipped entries).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldWith, TodoListProjection } from '../../src/domain/index.ts';
import { CLOCK_FILE, type FoldVector, readVectors, STAMPER_FILE, vectorFiles } from './vectors.ts';

const files = vectorFiles().filter((f) => f !== STAMPER_FILE && f !== CLOCK_FILE);
const { V1, V2 } = TodoListProjection;

describe('projections v1 and v2', () => {
  it('are named as on the server', () => {
    assert.deepEqual([V1.id, V1.version, V1.name, V2.id, V2.version, V2.name], ['todo-list', 1, 'v1', 'todo-list', 2, 'v2']);
  });

  for (const file of files) {
    it(`${file}: every log's v1 and v2 views equal Java's, key for key`, () => {
      let counted = 0;
      for (const v of readVectors<FoldVector>(file)) {
        assert.ok(v.views, `${file}: ${v.name} has no views (regenerate the vectors)`);
        for (const projection of [V1, V2]) {
          const state = foldWith(projection, v.listId, v.log);
          assert.equal(JSON.stringify(projection.view(state)), JSON.stringify(v.views[projection.name as 'v1' | 'v2']),
              `${file}: ${v.name} as ${projection.name}`);
          assert.equal(projection.listVersion(state), v.expected.listVersion);
          assert.deepEqual(projection.facts(state), { listId: v.listId, created: v.expected.created, title: v.expected.title,
            listVersion: v.expected.listVersion, clientSeqs: v.expected.clientSeqs });
        }
        counted += (v.views.v2.items as unknown[]).length;
      }
      assert.ok(counted > 0, `${file}: no items shown`);
    });
  }

  it('keep a copy as it was, skip nothing they hold twice, and weigh the items held', () => {
    for (const v of readVectors<FoldVector>('hand-written.json')) {
      let state = V2.initial(v.listId);
      const half = Math.floor(v.log.length / 2);
      v.log.slice(0, half).forEach((e) => { state = V2.apply(state, e); });
      const copy = V2.copy(state);
      const before = JSON.stringify(V2.view(copy));
      v.log.slice(half).forEach((e) => { state = V2.apply(state, e); });
      assert.equal(JSON.stringify(V2.view(copy)), before, `${v.name}: the copy moved with the original`);
      assert.equal(JSON.stringify(V2.view(foldWith(V2, v.listId, [...v.log, ...v.log]))), JSON.stringify(v.views.v2),
          `${v.name}: a replayed log changes nothing`);
      assert.equal(V2.weight(state), 1 + state.allItems().length);
    }
  });
});
