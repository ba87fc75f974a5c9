// Port of Java's Register: the writes of one item register that currently stand. Under lww and counter that is
// one winner; under vector every write no other write dominates (the conflict siblings). Arrays are never
// mutated: writing returns a new array, or the same one when the write changes nothing.
import { compareStamp } from './stamp.ts';
import type { Policy, Write } from './types.ts';
import { compareClocks } from './vclock.ts';

/** The write whose value is shown: the only one, or among siblings the one of greatest stamp (first on a tie). */
export function visibleWrite<T>(writes: readonly Write<T>[]): Write<T> {
  let best = writes[0];
  if (best === undefined) throw new Error('an empty register has no value');
  for (let i = 1; i < writes.length; i++) {
    const w = writes[i]!;
    if (compareStamp(best, w) < 0) best = w;
  }
  return best;
}

/** The distinct values of the standing writes, in stamp order; two or more means a conflict. */
export function distinctValues<T>(writes: readonly Write<T>[]): T[] {
  const sorted = [...writes].sort(compareStamp); // stable, as Java's sort
  const values: T[] = [];
  for (const w of sorted) {
    if (!values.includes(w.value)) values.push(w.value);
  }
  return values;
}

export function inConflict<T>(writes: readonly Write<T>[]): boolean {
  return distinctValues(writes).length > 1;
}

/** The register after `write` under `policy`. */
export function writeRegister<T>(policy: Policy, writes: readonly Write<T>[], write: Write<T>): readonly Write<T>[] {
  if (writes.length === 0) return [write];
  switch (policy) {
    case 'lww':
      return compareStamp(write, visibleWrite(writes)) > 0 ? [write] : writes;
    case 'counter':
      return beatsByCount(write, visibleWrite(writes)) ? [write] : writes;
    case 'vector':
      return writeConcurrent(writes, write);
  }
}

function beatsByCount(challenger: Write<unknown>, holder: Write<unknown>): boolean {
  if (challenger.count !== holder.count) return challenger.count > holder.count;
  return compareStamp(challenger, holder) > 0;
}

/** Keeps the maximal writes of the causal order; equal clocks are ordered by stamp. */
function writeConcurrent<T>(writes: readonly Write<T>[], write: Write<T>): readonly Write<T>[] {
  for (const standing of writes) {
    if (causallyAfter(standing, write)) return writes;
  }
  const next = writes.filter((standing) => !causallyAfter(write, standing));
  next.push(write);
  return next;
}

/** Whether `a` supersedes `b`. */
export function causallyAfter(a: Write<unknown>, b: Write<unknown>): boolean {
  switch (compareClocks(a.vclock, b.vclock)) {
    case 'after': return true;
    case 'equal': return compareStamp(a, b) > 0;
    default: return false;
  }
}
