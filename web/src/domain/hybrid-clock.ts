// Port of Java's HybridClock (Kulkarni et al., 2014): readings strictly increase on one device and pass every
// remote reading received, a remote reading more than maxSkewMs ahead of the wall clock being clamped first.
import { MAX_COUNTER } from './bounds.ts';
import type { Hlc } from './types.ts';

/** The default bound on how far a remote reading may pull this clock ahead of wall time (the gateway's). */
export const DEFAULT_MAX_SKEW_MS = 300_000;

export class HybridClock {
  private ms: number;
  private n: number;
  private clamped = 0;

  constructor(private readonly wallClock: () => number = Date.now, last: Hlc = { ms: 0, n: 0 },
              readonly maxSkewMs: number = DEFAULT_MAX_SKEW_MS) {
    this.ms = last.ms;
    this.n = last.n;
  }

  /** The reading for a new local event. */
  now(): Hlc {
    const pt = this.wall();
    if (pt > this.ms) {
      this.ms = pt;
      this.n = 0;
    } else {
      this.carry(this.n);
    }
    return this.current();
  }

  /** Merges a remote reading (an event received from the log); returns the clock's new reading. */
  receive(remote: Hlc): Hlc {
    const pt = this.wall();
    const limit = pt + this.maxSkewMs;
    let lm = remote.ms;
    let cm = remote.n;
    if (lm > limit || (lm === limit && cm > MAX_COUNTER / 2)) {
      this.clamped++;
      lm = limit;
      cm = 0;
    }
    const next = Math.max(this.ms, lm, pt);
    if (next === this.ms && next === lm) {
      this.carry(Math.max(this.n, cm));
    } else if (next === this.ms) {
      this.carry(this.n);
    } else if (next === lm) {
      this.ms = next;
      this.carry(cm);
    } else {
      this.ms = next;
      this.n = 0;
    }
    return this.current();
  }

  /** The latest reading given, without advancing the clock (what a device persists). */
  current(): Hlc {
    return { ms: this.ms, n: this.n };
  }

  /** How many received readings were clamped because they were too far ahead. */
  get clampedReceives(): number {
    return this.clamped;
  }

  /** One step past (ms, from); at the counter's bound the step carries into the milliseconds. */
  private carry(from: number): void {
    if (from >= MAX_COUNTER) {
      this.ms = this.ms + 1;
      this.n = 0;
    } else {
      this.n = from + 1;
    }
  }

  private wall(): number {
    return Math.max(0, this.wallClock());
  }
}
