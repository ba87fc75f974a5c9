// Port of Java's EventBounds: the bounds of one event, shared by the gateway and devices.

/** 2^53: the greatest `count`, vclock entry or `at.n` an event may carry (exact in every JSON reader). */
export const MAX_COUNTER = 2 ** 53;

/** The most entries one `vclock` may have. */
export const MAX_VCLOCK_ENTRIES = 1000;

/** `value + 1`, held at MAX_COUNTER. */
export function next(value: number): number {
  return value >= MAX_COUNTER ? MAX_COUNTER : value + 1;
}
