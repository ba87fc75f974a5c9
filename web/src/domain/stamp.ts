// The last-writer-wins order: (at.ms, at.n, clientId). Strings compare by UTF-16 code unit, as Java's do.
import type { Hlc } from './types.ts';

export function compareHlc(a: Hlc, b: Hlc): number {
  return a.ms !== b.ms ? (a.ms < b.ms ? -1 : 1) : a.n !== b.n ? (a.n < b.n ? -1 : 1) : 0;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two stamps (a write's or a title's `at` and `clientId`). */
export function compareStamp(a: { at: Hlc; clientId: string }, b: { at: Hlc; clientId: string }): number {
  return compareHlc(a.at, b.at) || compareText(a.clientId, b.clientId);
}
