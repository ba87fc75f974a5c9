// Port of Java's VClock: clientId -> count of that client's writes seen. Clocks are never mutated.
import { next } from './bounds.ts';
import { compareText } from './stamp.ts';
import type { VClock } from './types.ts';

export type ClockOrder = 'before' | 'after' | 'equal' | 'concurrent';

/** How `a` relates to `b`: 'before' means b dominates a. */
export function compareClocks(a: VClock, b: VClock): ClockOrder {
  let less = false;
  let greater = false;
  for (const key of Object.keys(a)) {
    const mine = a[key] ?? 0;
    const theirs = b[key] ?? 0;
    if (mine < theirs) less = true;
    else if (mine > theirs) greater = true;
  }
  for (const key of Object.keys(b)) {
    if (!(key in a) && (b[key] ?? 0) > 0) less = true;
  }
  if (less && greater) return 'concurrent';
  if (less) return 'before';
  return greater ? 'after' : 'equal';
}

/** The entry-wise maximum of two clocks. */
export function mergeClocks(a: VClock, b: VClock): VClock {
  const merged: VClock = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const held = merged[key];
    if (held === undefined || value > held) merged[key] = value;
  }
  return merged;
}

/** `clock` with `clientId`'s entry one higher (held at MAX_COUNTER). */
export function tickClock(clock: VClock, clientId: string): VClock {
  const held = clock[clientId];
  return { ...clock, [clientId]: held === undefined ? 1 : next(held) };
}

/** The same clock with its keys in Java's order (a TreeMap's), as the wire shows it. */
export function sortedClock(clock: VClock): VClock {
  const sorted: VClock = {};
  for (const key of Object.keys(clock).sort(compareText)) sorted[key] = clock[key]!;
  return sorted;
}
