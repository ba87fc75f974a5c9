// Port of Java's EditStamper: the `count` and `vclock` of this device's next edit of an item, from the item's
// registers as the device folded them (its synced log plus its own events not in the log yet).
import { MAX_VCLOCK_ENTRIES, next } from './bounds.ts';
import { compareText } from './stamp.ts';
import type { ItemState, Stamped, VClock, Write } from './types.ts';
import { mergeClocks, sortedClock, tickClock } from './vclock.ts';

const NONE: readonly Write<unknown>[] = [];

export class EditStamper {
  constructor(readonly clientId: string) {}

  /** A new item (`undefined`) or a known one (re-adding writes on top of it): covers both registers. */
  add(item: ItemState | undefined): Stamped {
    return this.both(item?.title ?? NONE, item?.completed ?? NONE);
  }

  rename(item: ItemState): Stamped {
    return this.one(item.title);
  }

  complete(item: ItemState): Stamped {
    return this.one(item.completed);
  }

  reopen(item: ItemState): Stamped {
    return this.one(item.completed);
  }

  /** Covers both registers: one count (the greater plus one) and the merged clock, own entry ticked. */
  delete(item: ItemState): Stamped {
    return this.both(item.title, item.completed);
  }

  private one(register: readonly Write<unknown>[]): Stamped {
    return { count: next(maxCount(register)), vclock: this.ticked(merged(register)) };
  }

  private both(a: readonly Write<unknown>[], b: readonly Write<unknown>[]): Stamped {
    return {
      count: next(Math.max(maxCount(a), maxCount(b))),
      vclock: this.ticked(mergeClocks(merged(a), merged(b))),
    };
  }

  /**
   * `clock` with this device's entry ticked, cut to MAX_VCLOCK_ENTRIES so the gateway accepts it: the smallest
   * entries go first (ties: the greatest clientId), this device's own entry never.
   */
  private ticked(clock: VClock): VClock {
    const ticked = tickClock(clock, this.clientId);
    const keys = Object.keys(ticked);
    const excess = keys.length - MAX_VCLOCK_ENTRIES;
    if (excess > 0) {
      const cut = keys.filter((k) => k !== this.clientId)
          .sort((a, b) => (ticked[a]! - ticked[b]!) || compareText(b, a))
          .slice(0, excess);
      for (const key of cut) delete ticked[key];
    }
    return sortedClock(ticked);
  }
}

function maxCount(register: readonly Write<unknown>[]): number {
  let max = 0;
  for (const w of register) if (w.count > max) max = w.count;
  return max;
}

function merged(register: readonly Write<unknown>[]): VClock {
  let clock: VClock = {};
  for (const w of register) clock = mergeClocks(clock, w.vclock);
  return clock;
}
