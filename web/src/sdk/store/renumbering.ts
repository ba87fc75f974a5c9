/**
 * Port of the Java SDK's `Renumbering`: how a list's pending queue is renumbered so that all of it can still be
 * accepted, given `serverSeq`, the last clientSeq of this device the server consumed as the stored log shows.
 * An orphan (numbered at or below serverSeq: its number went to another event) and every event after a hole
 * (a number no pending event holds any more: set aside) move to the end of the numbering, each with a fresh
 * eventId, so the fate of the old number is never taken for the fate of the new one. Content and `at` stay.
 */
import type { ClientEvent } from '../../domain/index.ts';

export interface Renumbering { kept: ClientEvent[]; moved: ClientEvent[]; renumbered: ClientEvent[]; nextClientSeq: number }

export function planRenumbering(pending: ClientEvent[], serverSeq: number, nextClientSeq: number,
                                freshId: () => string): Renumbering {
  const orphans: ClientEvent[] = [];
  const kept: ClientEvent[] = [];
  const moved: ClientEvent[] = [];
  let expected = serverSeq + 1;
  for (const event of pending) { // in clientSeq order
    if (event.clientSeq <= serverSeq) {
      orphans.push(event);
    } else if (moved.length === 0 && event.clientSeq === expected) {
      kept.push(event);
      expected++;
    } else {
      moved.push(event);
    }
  }
  moved.push(...orphans);
  let seq = expected;
  const renumbered = moved.map((e) => ({ ...e, eventId: freshId(), clientSeq: seq++ }));
  const next = moved.length === 0 ? Math.max(nextClientSeq, expected) : seq;
  return { kept, moved, renumbered, nextClientSeq: next };
}
