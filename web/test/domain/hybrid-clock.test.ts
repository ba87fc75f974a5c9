import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HybridClock } from '../../src/domain/index.ts';
import { CLOCK_FILE, type ClockVector, readVectors } from './vectors.ts';

describe('HybridClock', () => {
  it('reads what the Java HybridClock read, step by step, on every clock vector', () => {
    const vectors = readVectors<ClockVector>(CLOCK_FILE);
    assert.ok(vectors.length >= 100);
    for (const v of vectors) {
      let wall = 0;
      const clock = new HybridClock(() => wall, v.start);
      v.steps.forEach((step, i) => {
        wall = step.wall;
        if ('now' in step) assert.deepEqual(clock.now(), step.now, `${v.name} step ${i}: now`);
        else assert.deepEqual(clock.receive(step.receive), step.reading, `${v.name} step ${i}: receive`);
      });
      assert.equal(clock.clampedReceives, v.clampedReceives, `${v.name}: clamped receives`);
    }
  });

  it('follows the wall clock, and counts within one millisecond', () => {
    let wall = 1000;
    const clock = new HybridClock(() => wall);
    assert.deepEqual(clock.now(), { ms: 1000, n: 0 });
    assert.deepEqual(clock.now(), { ms: 1000, n: 1 });
    wall = 1005;
    assert.deepEqual(clock.now(), { ms: 1005, n: 0 });
    assert.deepEqual(clock.current(), { ms: 1005, n: 0 });
  });

  it('never goes back when the wall clock does', () => {
    let wall = 5000;
    const clock = new HybridClock(() => wall);
    clock.now();
    wall = 4000;
    assert.deepEqual(clock.now(), { ms: 5000, n: 1 });
  });

  it('continues from a persisted reading', () => {
    const clock = new HybridClock(() => 10, { ms: 2000, n: 7 });
    assert.deepEqual(clock.now(), { ms: 2000, n: 8 });
  });

  it('passes every remote reading it receives', () => {
    const clock = new HybridClock(() => 1000);
    assert.deepEqual(clock.receive({ ms: 3000, n: 4 }), { ms: 3000, n: 5 });
    assert.deepEqual(clock.receive({ ms: 3000, n: 9 }), { ms: 3000, n: 10 });
    assert.deepEqual(clock.receive({ ms: 2000, n: 99 }), { ms: 3000, n: 11 });
    assert.deepEqual(clock.now(), { ms: 3000, n: 12 });
  });

  it('clamps a remote reading more than five minutes ahead, and counts it', () => {
    const clock = new HybridClock(() => 1000);
    assert.deepEqual(clock.receive({ ms: 1000 + 300_001, n: 3 }), { ms: 301_000, n: 1 });
    assert.equal(clock.clampedReceives, 1);
    assert.deepEqual(clock.receive({ ms: 301_000, n: 2 ** 52 + 1 }), { ms: 301_000, n: 2 });
    assert.equal(clock.clampedReceives, 2);
  });

  it('carries into the milliseconds at the counter bound', () => {
    const clock = new HybridClock(() => 0, { ms: 50, n: 2 ** 53 });
    assert.deepEqual(clock.now(), { ms: 51, n: 0 });
  });
});
