// Projection v3 "todo-archive" in TypeScript: hand-written cases of its rules, and the Java example module's vectors
// (examples/archive-projection/src/test/resources/archive-vectors.json): every log folds to the same view.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { foldWith, type LogEntry } from '../../src/domain/index.ts';
import { ARCHIVE_AFTER, TodoArchive } from '../../src/projections/archive.ts';

const T0 = 1_764_150_000_000;
const DAY = 86_400_000;
const JAVA_VECTORS = new URL('../../../examples/archive-projection/src/test/resources/archive-vectors.json', import.meta.url);

/** A log of one device of ann: each entry gets the next listVersion and clientSeq; `ms` is its serverMs. */
function log(...steps: [ms: number, type: LogEntry['type'], fields?: Partial<LogEntry>][]): LogEntry[] {
  return steps.map(([ms, type, fields], i) => ({
    listVersion: i + 1, clientId: 'ann-phone', serverMs: ms, eventId: `e${i + 1}`, clientSeq: i + 1, userId: 'ann', type,
    at: { ms: T0 + i, n: 0 }, ...(type.startsWith('Item') ? { count: i + 1, vclock: { 'ann-phone': i + 1 } } : {}), ...fields,
  }));
}

const created: [number, LogEntry['type'], Partial<LogEntry>] = [T0, 'ListCreated', { title: 'Chores', policy: 'lww' }];
const add = (ms: number, itemId: string, title = itemId): [number, LogEntry['type'], Partial<LogEntry>] => [ms, 'ItemAdded', { itemId, title }];
const on = (ms: number, type: LogEntry['type'], itemId: string): [number, LogEntry['type'], Partial<LogEntry>] => [ms, type, { itemId }];

function view(entries: LogEntry[]) {
  return TodoArchive.view(foldWith(TodoArchive, 'chores', entries)) as Record<string, unknown> & {
    items: { itemId: string }[]; archived: { itemId: string; title: string; completedAt: number }[]; logTime: number;
    openCount: number; archivedCount: number;
  };
}

describe('projection v3, todo-archive', () => {
  it('is v3 of todo-archive', () => {
    assert.deepEqual([TodoArchive.id, TodoArchive.version, TodoArchive.name], ['todo-archive', 3, 'v3']);
  });

  it('archives a done item once the log is seven days past its completion, not a millisecond before', () => {
    const base = [created, add(T0 + 1, 'milk', 'Milk'), add(T0 + 2, 'eggs'), on(T0 + 10, 'ItemCompleted', 'milk')];
    const before = view(log(...base, add(T0 + 10 + ARCHIVE_AFTER - 1, 'tea')));
    assert.deepEqual(before.archived, []);
    assert.deepEqual(before.items.map((i) => i.itemId), ['milk', 'eggs', 'tea']);
    const after = view(log(...base, add(T0 + 10 + ARCHIVE_AFTER, 'tea')));
    assert.equal(JSON.stringify(after), JSON.stringify({
      title: 'Chores', policy: 'lww', members: { ann: 'owner' }, logTime: T0 + 10 + ARCHIVE_AFTER,
      items: [{ itemId: 'eggs', title: 'eggs', completed: false, conflicts: {} }, { itemId: 'tea', title: 'tea', completed: false, conflicts: {} }],
      archived: [{ itemId: 'milk', title: 'Milk', completedAt: T0 + 10 }], openCount: 2, archivedCount: 1,
    }));
  });

  it('moves log time with every entry, a rejection too, and never with the clock', () => {
    const entries = log(created, add(T0 + 1, 'milk'), on(T0 + 2, 'ItemCompleted', 'milk'), [T0 + 2 + ARCHIVE_AFTER, 'Rejected', { reason: 'gap', expectedClientSeq: 9 }]);
    delete entries[3]!.at;
    const v = view(entries);
    assert.equal(v.logTime, T0 + 2 + ARCHIVE_AFTER);
    assert.deepEqual(v.archived.map((a) => a.itemId), ['milk']);
    const quiet = view(log(created, add(T0 + 1, 'milk'), on(T0 + 2, 'ItemCompleted', 'milk')));
    assert.deepEqual([quiet.archived, quiet.logTime], [[], T0 + 2], 'a list nobody writes to keeps its view');
  });

  it('forgets the completion when the item is reopened or deleted, and times a new one afresh', () => {
    const reopened = view(log(created, add(T0, 'a'), on(T0 + 1, 'ItemCompleted', 'a'), on(T0 + 2, 'ItemReopened', 'a'),
        on(T0 + 3 * DAY, 'ItemCompleted', 'a'), add(T0 + 1 + ARCHIVE_AFTER, 'b')));
    assert.deepEqual(reopened.archived, [], 'completed again three days later: not yet seven days done');
    const back = view(log(created, add(T0, 'a'), on(T0 + 1, 'ItemCompleted', 'a'), add(T0 + 1 + ARCHIVE_AFTER, 'b'),
        on(T0 + 2 + ARCHIVE_AFTER, 'ItemReopened', 'a')));
    assert.deepEqual([back.archived, back.items.map((i) => i.itemId), back.openCount], [[], ['a', 'b'], 2], 'reopened from the archive');
    const gone = view(log(created, add(T0, 'a'), on(T0 + 1, 'ItemCompleted', 'a'), add(T0 + 1 + ARCHIVE_AFTER, 'b'),
        on(T0 + 2 + ARCHIVE_AFTER, 'ItemDeleted', 'a')));
    assert.deepEqual([gone.archived, gone.items.map((i) => i.itemId), gone.archivedCount], [[], ['b'], 0]);
  });

  it('keeps the first completion time through renames and writes that lose', () => {
    const entries = log(created, add(T0, 'a'), on(T0 + 1, 'ItemCompleted', 'a'), [T0 + 2, 'ItemRenamed', { itemId: 'a', title: 'A!' }],
        on(T0 + 3, 'ItemReopened', 'a'), on(T0 + 1 + ARCHIVE_AFTER, 'ItemCompleted', 'zz'));
    entries[4]!.at = { ms: 0, n: 0 }; // stamped before the completion: loses under lww, the item stays done
    const v = view(entries);
    assert.deepEqual(v.archived, [{ itemId: 'a', title: 'A!', completedAt: T0 + 1 }]);
  });

  it('lists the archive newest completion first, then by itemId', () => {
    const v = view(log(created, add(T0, 'b'), add(T0, 'a'), add(T0, 'c'), on(T0 + 5, 'ItemCompleted', 'b'),
        on(T0 + 5, 'ItemCompleted', 'a'), on(T0 + 9, 'ItemCompleted', 'c'), add(T0 + 9 + ARCHIVE_AFTER, 'd')));
    assert.deepEqual(v.archived.map((a) => [a.itemId, a.completedAt]), [['c', T0 + 9], ['a', T0 + 5], ['b', T0 + 5]]);
    assert.deepEqual([v.openCount, v.archivedCount], [1, 3]);
  });

  it('leaves a copy as it was', () => {
    const entries = log(created, add(T0, 'a'), on(T0 + 1, 'ItemCompleted', 'a'), add(T0 + 1 + ARCHIVE_AFTER, 'b'));
    const state = foldWith(TodoArchive, 'chores', entries.slice(0, 3));
    const copy = TodoArchive.copy(state);
    const before = JSON.stringify(TodoArchive.view(copy));
    TodoArchive.apply(state, entries[3]!);
    assert.equal(JSON.stringify(TodoArchive.view(copy)), before);
    assert.equal((TodoArchive.view(state).archived as unknown[]).length, 1);
  });

  it('folds every Java archive vector (examples/archive-projection) to its view, key for key', () => {
    const file = JSON.parse(readFileSync(JAVA_VECTORS, 'utf8')) as { archiveAfterMs: number; vectors: { name: string; listId: string; log: LogEntry[]; expected: unknown }[] };
    assert.equal(file.archiveAfterMs, ARCHIVE_AFTER);
    assert.ok(file.vectors.length >= 100, `only ${file.vectors.length} vectors`);
    let archived = 0;
    for (const v of file.vectors) {
      const state = foldWith(TodoArchive, v.listId, v.log);
      assert.equal(JSON.stringify(TodoArchive.view(state)), JSON.stringify(v.expected), v.name);
      archived += TodoArchive.view(state).archivedCount as number;
    }
    assert.ok(archived > 0, 'no vector archives anything');
  });
});
